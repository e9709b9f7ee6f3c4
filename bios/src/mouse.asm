; The mouse: POST set-up and the state every mouse file shares. Which mouse there is comes from the configuration
; block (cfg_mouse): none, PS/2 on the 8042's auxiliary port (AT only), or a Microsoft serial mouse on COM1/COM2.
; With a mouse, POST keeps its state in the extended BIOS data area (EBDA, 1 KB below the top of conventional
; memory, segment in 40:0E; RBIL MEMORY.LST 40:0E and INT 15h/C1h) and installs the ROM's INT 33h driver
; (mouse-int33.asm) on it, so DOS programs have a mouse without loading a driver. A driver loaded later (CuteMouse)
; takes INT 33h over as it would from any other driver.
;
; The state is read through 40:0E at every use, never cached, so an operating system may move the EBDA.

; PS/2 pointing-device interface (INT 15h AH=C2h, INT 74h; mouse-ps2.asm).
PS2_FLAGS       equ EBDA_MOUSE + 00h    ; byte: PS2_HANDLER_SET, PS2_ENABLED
PS2_INDEX       equ EBDA_MOUSE + 01h    ; byte: bytes of the packet received so far
PS2_SIZE        equ EBDA_MOUSE + 02h    ; byte: packet size (3)
PS2_PACKET      equ EBDA_MOUSE + 03h    ; 3 bytes
PS2_HANDLER     equ EBDA_MOUSE + 08h    ; dword: the far handler set with AX=C207h
PS2_HANDLER_SET equ 01h
PS2_ENABLED     equ 02h
; Microsoft serial mouse decoder (mouse-serial.asm).
SER_INDEX       equ EBDA_MOUSE + 0Ch    ; byte: bytes of the packet received so far (3: waiting for a first byte)
SER_BYTES       equ EBDA_MOUSE + 0Dh    ; 3 bytes
SER_BASE        equ EBDA_MOUSE + 10h    ; word: UART base port
; INT 33h driver (mouse-int33.asm). Positions are in virtual-screen pixels.
M_X             equ EBDA_MOUSE + 12h
M_Y             equ EBDA_MOUSE + 14h
M_MIN_X         equ EBDA_MOUSE + 16h
M_MAX_X         equ EBDA_MOUSE + 18h
M_MIN_Y         equ EBDA_MOUSE + 1Ah
M_MAX_Y         equ EBDA_MOUSE + 1Ch
M_BUTTONS       equ EBDA_MOUSE + 1Eh    ; byte: bit 0 left, 1 right, 2 middle
M_SHOW          equ EBDA_MOUSE + 20h    ; word: cursor shown while 0, hidden below (functions 01h/02h)
M_MICKEY_X      equ EBDA_MOUSE + 22h    ; motion since the last function 0Bh
M_MICKEY_Y      equ EBDA_MOUSE + 24h
M_RATIO_X       equ EBDA_MOUSE + 26h    ; mickeys per 8 pixels (function 0Fh)
M_RATIO_Y       equ EBDA_MOUSE + 28h
M_FRAC_X        equ EBDA_MOUSE + 2Ah    ; mickeys * 8 not yet turned into a pixel
M_FRAC_Y        equ EBDA_MOUSE + 2Ch
M_PRESS         equ EBDA_MOUSE + 30h    ; per button (left, right, middle) 6 bytes: count, X, Y of the last press
M_RELEASE       equ EBDA_MOUSE + 42h    ; the same for releases
M_CALL_MASK     equ EBDA_MOUSE + 54h    ; function 0Ch
M_CALL_HANDLER  equ EBDA_MOUSE + 56h    ; dword
M_SPEED_X       equ EBDA_MOUSE + 5Ah    ; function 1Ah, stored only
M_SPEED_Y       equ EBDA_MOUSE + 5Ch
M_SPEED_DOUBLE  equ EBDA_MOUSE + 5Eh    ; functions 13h/1Ah, stored only
M_PAGE          equ EBDA_MOUSE + 60h    ; byte: display page of the cursor (function 1Dh)
M_CUR_DRAWN     equ EBDA_MOUSE + 61h    ; byte: the text cursor is on the screen
M_CUR_SEG       equ EBDA_MOUSE + 62h    ; where it is drawn
M_CUR_OFF       equ EBDA_MOUSE + 64h
M_CUR_SAVED     equ EBDA_MOUSE + 66h    ; the cell's character and attribute before
M_CUR_IMAGE     equ EBDA_MOUSE + 68h    ; what was drawn
M_SCREEN_MASK   equ EBDA_MOUSE + 6Ah    ; text cursor: cell AND screen mask XOR cursor mask (function 0Ah)
M_CURSOR_MASK   equ EBDA_MOUSE + 6Ch
M_GRAIN_X       equ EBDA_MOUSE + 6Eh    ; AND masks that round reported positions to the mode's cells/pixels
M_GRAIN_Y       equ EBDA_MOUSE + 70h
MOUSE_STATE_SIZE equ M_SAVE - EBDA_MOUSE ; with the graphics pointer's state (mouse-cursor.asm), not its save area

; POST, after the fixed disks (which may have made the EBDA already). DS = BIOS data.
mouse_init:
        cmp byte [cs:cfg_mouse], MOUSE_NONE
        je .done
        mov ax, [bda_ebda_seg]
        test ax, ax
        jnz .have_ebda
        mov ax, [bda_memory_kb]
        dec ax
        mov [bda_memory_kb], ax
        mov cl, 6
        shl ax, cl
        mov [bda_ebda_seg], ax
        mov es, ax
        xor di, di
        mov cx, 512
        xor ax, ax
        rep stosw
        mov byte [es:0], 1              ; first word: the EBDA's size in KB
        mov ax, es
.have_ebda:
        mov es, ax
        mov di, EBDA_MOUSE
        mov cx, MOUSE_STATE_SIZE / 2
        xor ax, ax
        rep stosw
        push ds
        xor ax, ax
        mov ds, ax
        mov word [33h * 4], int33_handler
        mov word [33h * 4 + 2], BIOS_SEG
        pop ds
        cmp byte [cs:cfg_mouse], MOUSE_PS2
        jne .serial
        call ps2_post
        jmp .driver
.serial:
        call serial_mouse_post
.driver:
        push ds
        call mouse_ds
        call m33_hook_video
        call m33_reset_state
        call m33_start_device
        pop ds
.done:
        ret

; INT 08h, every tick, interrupts off; keeps every register. An operating system may point INT 33h at an IRET of its
; own as it starts: the FreeDOS kernel sets every vector from 23h to 3Fh to its empty handler, a bare IRET, before it
; loads any driver (kernel/main.c, setup_int_vectors), which would leave DOS programs without the ROM's driver (INT 33h
; AX=0 would return AX=0000h, "no driver"). So while a mouse is configured and INT 33h leads to an IRET (CFh), it is
; pointed back at the ROM driver. A driver loaded later (CuteMouse) puts its own code there, not an IRET, and is left
; alone; one that unloads puts back the vector it found, ours. The device itself keeps running meanwhile, and
; function 00h, which mouse programs call first, starts it again in case the OS reprogrammed its port (FreeDOS's
; kernel sets every COM port in the equipment word to 2400 baud with INT 14h AH=00h, which also clears the UART's
; interrupt enables). Cost while nothing is wrong: a compare, a far pointer load and a byte compare.
mouse_reclaim_int33:
        cmp byte [cs:cfg_mouse], MOUSE_NONE
        je .done
        push ds
        push bx
        xor bx, bx
        mov ds, bx
        lds bx, [33h * 4]
        cmp byte [bx], 0CFh             ; IRET
        jne .restore
        xor bx, bx
        mov ds, bx
        mov word [33h * 4], int33_handler
        mov word [33h * 4 + 2], BIOS_SEG
.restore:
        pop bx
        pop ds
.done:
        ret

; DS = the EBDA (from 40:0E). Keeps every other register.
mouse_ds:
        push ax
        mov ax, BDA_SEG
        mov ds, ax
        mov ds, [bda_ebda_seg]
        pop ax
        ret
