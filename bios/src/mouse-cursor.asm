; The INT 33h driver's pointer in graphics modes, its conditional-off area and its watch on video mode changes
; (RBIL INT 33h AX=0009h, 0010h; Microsoft Mouse Programmer's Reference, "Graphics cursor").
;
; The pointer is a 16x16 block of two masks, one word per row with the leftmost pixel in bit 15 (RBIL table 03170):
; each pixel under it becomes (pixel AND screen-mask bit) XOR cursor-mask bit, every bit of the pixel value taking
; the mask bit: a screen-mask 1 keeps the pixel (AND with all ones: FFh in mode 13h, 0Fh in the 16-colour modes, 3
; and 1 in the CGA modes), a 0 clears it; a cursor-mask 1 XORs it with white, the colour 0Fh (3 and 1 in the CGA
; modes), as Microsoft's driver colours its pointer. Every mode draws one mask bit per screen pixel, modes 04h/05h
; too (Microsoft's driver gives each pixel there two mask bits instead), so the default arrow keeps its shape
; everywhere. The hot spot (function 09h BX/CX, the driver uses BL/CL: -128..127) is in screen pixels.
;
; Drawing walks the block row by row, the screen bytes it covers left to right, and keeps each byte it changes in
; M_SAVE in walking order; taking the pointer off walks the same bytes (the geometry is kept at drawing time) and
; writes them back. Rows and bytes outside the screen are skipped, so the pointer is clipped at every edge. In the
; planar modes each of the four planes is one walk: read map select (GC 4) and map mask (sequencer 2) pick the
; plane, write mode 0 with no set/reset, no rotate or function and bit mask FFh write the CPU byte as it is. Every
; VGA register touched, the two index registers included, is read first and put back afterwards, so a program
; programming the VGA when the mouse interrupt comes does not notice. (The latches are not restored: no driver can.)
;
; Re-entry: drawing and taking off happen with interrupts off, from INT 33h calls and from the mouse interrupt, under
; the M_BUSY flag; while it is set (also while INT 10h changes the mode) the pointer is neither drawn nor taken off,
; only its position follows the mouse, and the next draw puts it there.

M_SHAPE         equ EBDA_MOUSE + 72h    ; 16 words screen mask, then 16 words cursor mask (function 09h)
M_HOT_X         equ EBDA_MOUSE + 0B2h   ; hot spot, pixels from the block's top left corner
M_HOT_Y         equ EBDA_MOUSE + 0B4h
M_BUSY          equ EBDA_MOUSE + 0B6h   ; byte: the pointer is being drawn or taken off, or the mode is changing
M_AREA          equ EBDA_MOUSE + 0B7h   ; byte: AREA_* (function 10h)
M_AREA_LEFT     equ EBDA_MOUSE + 0B8h   ; the area, virtual-screen coordinates, inclusive
M_AREA_TOP      equ EBDA_MOUSE + 0BAh
M_AREA_RIGHT    equ EBDA_MOUSE + 0BCh
M_AREA_BOTTOM   equ EBDA_MOUSE + 0BEh
M_OLD_INT10     equ EBDA_MOUSE + 0C0h   ; dword: the INT 10h handler found at POST (the video BIOS)
M_G_X0          equ EBDA_MOUSE + 0C4h   ; the drawn block's top left pixel (signed)
M_G_Y0          equ EBDA_MOUSE + 0C6h
M_G_MODE        equ EBDA_MOUSE + 0C8h   ; the drawn mode's gm_modes entry (ROM offset)
M_G_BASE        equ EBDA_MOUSE + 0CAh   ; video memory offset of the drawn page
M_W_S           equ EBDA_MOUSE + 0CCh   ; walk: the row's screen mask, shifted out as pixels are built
M_W_C           equ EBDA_MOUSE + 0CEh   ; walk: the row's cursor mask
M_W_LEAD        equ EBDA_MOUSE + 0D0h   ; byte: pixels left of the block in its first screen byte
M_W_DRAW        equ EBDA_MOUSE + 0D1h   ; byte: 1 draw (save and change), 0 put back
M_W_COUNT       equ EBDA_MOUSE + 0D2h   ; byte: screen bytes left in the row
M_SAVE          equ EBDA_MOUSE + 0E0h   ; 256 bytes: what the pointer covers (mode 13h: 16x16 bytes, the most)
AREA_NONE       equ 0
AREA_ARMED      equ 1                   ; the pointer is hidden once it touches the area
AREA_HIT        equ 2                   ; it did: hidden until function 01h

; One entry per graphics mode the VGA BIOS sets (bios/vga/video-tables.asm): layout and size.
GM_MODE         equ 0                   ; byte: BIOS mode number
GM_LOG2PPB      equ 1                   ; byte: log2 of pixels per byte (per plane)
GM_BPP          equ 2                   ; byte: bits per pixel (per plane)
GM_ALL          equ 3                   ; byte: a pixel's bits all set: what screen-mask ones AND with
GM_WHITE        equ 4                   ; byte: what cursor-mask ones XOR with
GM_XSHIFT       equ 5                   ; byte: virtual-screen X to pixels (320-pixel modes count each pixel twice)
GM_KIND         equ 6                   ; byte: GK_*
GM_HEIGHT       equ 8                   ; word: lines
GM_BPL          equ 10                  ; word: bytes per line (per plane)
GM_SIZE         equ 12
GK_CGA          equ 0                   ; B8000h, odd lines in the bank at 2000h, no VGA registers involved
GK_PLANAR       equ 1                   ; A0000h, four planes through the graphics controller
GK_LINEAR       equ 2                   ; A0000h, chain-4, one byte per pixel

%macro gm_mode 9
        db %1, %2, %3, %4, %5, %6, %7, 0
        dw %8, %9
%endmacro

gm_modes:
        ;       mode  log2 bpp  all  white xsh kind       height bpl
        gm_mode 04h,  2,   2,   3,   3,    1,  GK_CGA,    200,   80
        gm_mode 05h,  2,   2,   3,   3,    1,  GK_CGA,    200,   80
        gm_mode 06h,  3,   1,   1,   1,    0,  GK_CGA,    200,   80
        gm_mode 0Dh,  3,   1,   1,   1,    1,  GK_PLANAR, 200,   40
        gm_mode 0Eh,  3,   1,   1,   1,    0,  GK_PLANAR, 200,   80
        gm_mode 10h,  3,   1,   1,   1,    0,  GK_PLANAR, 350,   80
        gm_mode 11h,  3,   1,   1,   1,    0,  GK_PLANAR, 480,   80
        gm_mode 12h,  3,   1,   1,   1,    0,  GK_PLANAR, 480,   80
        gm_mode 13h,  0,   8,   0FFh, 0Fh, 1,  GK_LINEAR, 200,   320
        db 0FFh

; Video memory segment by GK_* kind.
gm_segments:
        dw 0B800h, 0A000h, 0A000h

; The default pointer: an arrow, hot spot at its tip (0, 0). Screen mask (1 = the screen shows through), then
; cursor mask (1 = white): outlined in black, filled in white.
gm_arrow:
        dw 0111_1111_1111_1111b, 0011_1111_1111_1111b, 0001_1111_1111_1111b, 0000_1111_1111_1111b
        dw 0000_0111_1111_1111b, 0000_0011_1111_1111b, 0000_0001_1111_1111b, 0000_0000_1111_1111b
        dw 0000_0000_0111_1111b, 0000_0000_0011_1111b, 0000_0000_0001_1111b, 0000_0001_1111_1111b
        dw 0001_0000_1111_1111b, 0011_0000_1111_1111b, 0111_1000_0111_1111b, 1111_1000_0111_1111b
        dw 0000_0000_0000_0000b, 0000_0000_0000_0000b, 0100_0000_0000_0000b, 0110_0000_0000_0000b
        dw 0111_0000_0000_0000b, 0111_1000_0000_0000b, 0111_1100_0000_0000b, 0111_1110_0000_0000b
        dw 0111_1111_0000_0000b, 0111_1111_1000_0000b, 0111_1100_0000_0000b, 0110_1100_0000_0000b
        dw 0100_0110_0000_0000b, 0000_0110_0000_0000b, 0000_0011_0000_0000b, 0000_0000_0000_0000b

; The arrow as the pointer shape, hot spot (0, 0). DS = EBDA. Keeps every register.
gm_default_shape:
        push cx
        push si
        push di
        push es
        push ds
        pop es
        mov di, M_SHAPE
        push ds
        push cs
        pop ds
        mov si, gm_arrow
        mov cx, 32
        cld
        rep movsw
        pop ds
        mov word [M_HOT_X], 0
        mov word [M_HOT_Y], 0
        pop es
        pop di
        pop si
        pop cx
        ret

; 09h: BX, CX = hot spot (BL, CL signed, as Microsoft's driver reads them), ES:DX = the two masks.
m33_graphics_cursor:
        push ax
        push cx
        push si
        push di
        push es
        call m33_erase_cursor
        mov al, bl
        cbw
        mov [M_HOT_X], ax
        mov al, cl
        cbw
        mov [M_HOT_Y], ax
        push ds
        mov si, dx
        mov di, M_SHAPE
        mov ax, ds
        push es
        pop ds
        mov es, ax
        mov cx, 32
        cld
        rep movsw
        pop ds
        call m33_draw_cursor
        pop es
        pop di
        pop si
        pop cx
        pop ax
        ret

; 10h: CX, DX = left, top, SI, DI = right, bottom of an area (virtual screen) the pointer must not be drawn in:
; it is hidden as soon as it touches the area and stays hidden until function 01h. SI is the caller's, on the stack
; under int33_handler's dispatch (the handler keeps SI there).
m33_off_area:
        push bp
        mov bp, sp
        push ax
        push cx
        push dx
        push di
        mov ax, [bp + 4]                ; the caller's SI
        cmp cx, ax
        jle .x_ordered
        xchg cx, ax
.x_ordered:
        cmp dx, di
        jle .y_ordered
        xchg dx, di
.y_ordered:
        mov [M_AREA_LEFT], cx
        mov [M_AREA_TOP], dx
        mov [M_AREA_RIGHT], ax
        mov [M_AREA_BOTTOM], di
        call m33_erase_cursor
        mov byte [M_AREA], AREA_ARMED
        call m33_draw_cursor
        pop di
        pop dx
        pop cx
        pop ax
        pop bp
        ret

; AX, BX = left, right, CX, DX = top, bottom of what the pointer covers (virtual screen). CF = 1 when it must not
; be drawn because of function 10h's area (which then stays in force until function 01h). DS = EBDA.
m33_area_check:
        cmp byte [M_AREA], AREA_ARMED
        jb .clear
        ja .hidden
        cmp ax, [M_AREA_RIGHT]
        jg .clear
        cmp bx, [M_AREA_LEFT]
        jl .clear
        cmp cx, [M_AREA_BOTTOM]
        jg .clear
        cmp dx, [M_AREA_TOP]
        jl .clear
        mov byte [M_AREA], AREA_HIT
.hidden:
        stc
        ret
.clear:
        clc
        ret

; Draws the pointer in graphics mode AL, if this driver knows the mode and the area of function 10h allows it.
; DS = EBDA, interrupts off, M_BUSY set by the caller. Keeps every register.
gm_draw:
        push ax
        push bx
        push cx
        push dx
        push si
        mov si, gm_modes
.find:
        cmp byte [cs:si + GM_MODE], 0FFh
        je .done
        cmp [cs:si + GM_MODE], al
        je .found
        add si, GM_SIZE
        jmp .find
.found:
        mov [M_G_MODE], si
        mov cl, [cs:si + GM_XSHIFT]
        mov ax, [M_X]
        sar ax, cl
        sub ax, [M_HOT_X]
        mov [M_G_X0], ax
        mov bx, ax
        add bx, 15
        shl ax, cl                      ; the block's left and right edges in virtual-screen X
        shl bx, cl
        mov cx, [M_Y]
        sub cx, [M_HOT_Y]
        mov [M_G_Y0], cx
        mov dx, cx
        add dx, 15
        call m33_area_check
        jc .done
        xor ax, ax                      ; page 0, or the function 1Dh page in the planar modes
        cmp byte [cs:si + GM_KIND], GK_PLANAR
        jne .base
        push es
        mov ax, BDA_SEG
        mov es, ax
        mov al, [M_PAGE]
        xor ah, ah
        mul word [es:bda_video_page_size]
        pop es
.base:
        mov [M_G_BASE], ax
        mov byte [M_W_DRAW], 1
        call gm_walk_all
        mov byte [M_CUR_DRAWN], 2
.done:
        pop si
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; Takes the graphics pointer off: the saved bytes back where they were taken. DS = EBDA, M_BUSY set by the caller.
gm_erase:
        mov byte [M_W_DRAW], 0
        call gm_walk_all
        mov byte [M_CUR_DRAWN], 0
        ret

; One walk (CGA, mode 13h) or four (planar) over the bytes of the drawn block, with the VGA registers set for plain
; byte access and put back afterwards. DS = EBDA. Keeps every register.
gm_walk_all:
        push ax
        push bx
        push cx
        push dx
        push si
        push es
        mov bx, [M_G_MODE]
        mov al, [cs:bx + GM_KIND]
        cbw
        mov si, ax
        shl si, 1
        mov es, [cs:gm_segments + si]
        mov si, M_SAVE
        cmp byte [cs:bx + GM_KIND], GK_CGA
        jne .vga
        call gm_walk
        jmp .out
.vga:
        mov dx, VGA_GC
        in al, dx
        push ax                         ; the graphics controller's index
        mov dx, VGA_SEQ
        in al, dx
        push ax                         ; the sequencer's index
        mov al, 02h
        call gm_reg_read
        push ax                         ; map mask
        mov dx, VGA_GC
        mov al, 01h
        call gm_reg_read
        push ax                         ; enable set/reset
        mov al, 03h
        call gm_reg_read
        push ax                         ; data rotate / function
        mov al, 04h
        call gm_reg_read
        push ax                         ; read map select
        mov al, 05h
        call gm_reg_read
        push ax                         ; mode
        and ah, 0F4h                    ; write mode 0, read mode 0 (odd/even, shift and 256-colour bits kept)
        out dx, ax
        mov al, 08h
        call gm_reg_read
        push ax                         ; bit mask
        mov ax, 0FF08h
        out dx, ax
        mov ax, 0001h
        out dx, ax
        mov ax, 0003h
        out dx, ax
        cmp byte [cs:bx + GM_KIND], GK_PLANAR
        je .planes
        mov dx, VGA_SEQ                 ; mode 13h: chain-4 picks the plane from the address
        mov ax, 0F02h
        out dx, ax
        call gm_walk
        jmp .restore
.planes:
        mov cx, 0100h                   ; CH = map mask bit, CL = plane
.plane:
        mov dx, VGA_GC
        mov al, 04h
        mov ah, cl
        out dx, ax
        mov dx, VGA_SEQ
        mov al, 02h
        mov ah, ch
        out dx, ax
        call gm_walk
        inc cl
        shl ch, 1
        cmp ch, 10h
        jb .plane
.restore:
        mov dx, VGA_GC
        pop ax
        out dx, ax                      ; bit mask
        pop ax
        out dx, ax                      ; mode
        pop ax
        out dx, ax                      ; read map select
        pop ax
        out dx, ax                      ; data rotate
        pop ax
        out dx, ax                      ; enable set/reset
        mov dx, VGA_SEQ
        pop ax
        out dx, ax                      ; map mask
        pop ax
        out dx, al                      ; sequencer index
        mov dx, VGA_GC
        pop ax
        out dx, al                      ; graphics controller index
.out:
        pop es
        pop si
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; DX = an index port (3C4h, 3CEh), AL = index -> AH = the register's value. Keeps AL, DX.
gm_reg_read:
        out dx, al
        inc dx
        mov ah, al
        in al, dx
        xchg al, ah
        dec dx
        ret

; One walk over the block's rows and the screen bytes each covers: drawing saves each byte at DS:SI and stores
; (byte AND screen bits) XOR cursor bits; putting back stores the saved byte. ES = video memory, DS = EBDA,
; SI = next byte of M_SAVE (advanced). Keeps every other register.
gm_walk:
        push ax
        push bx
        push cx
        push dx
        push di
        push bp
        mov bx, [M_G_MODE]
        xor bp, bp                      ; block row
.row:
        mov ax, [M_G_Y0]
        add ax, bp
        js .next_row
        cmp ax, [cs:bx + GM_HEIGHT]
        jge .next_row
        cmp byte [cs:bx + GM_KIND], GK_CGA
        jne .line
        mov di, ax                      ; CGA: line y/2 of its bank, odd lines from 2000h
        shr ax, 1
        mov dx, 80
        mul dx
        test di, 1
        mov di, ax
        jz .columns
        add di, 2000h
        jmp .columns
.line:
        mul word [cs:bx + GM_BPL]
        mov di, ax
        add di, [M_G_BASE]
.columns:
        mov cl, [cs:bx + GM_LOG2PPB]
        mov ax, 1
        shl ax, cl
        dec ax                          ; pixels per byte - 1
        mov dx, ax
        and dx, [M_G_X0]
        mov [M_W_LEAD], dl
        add ax, dx
        add ax, 16
        shr ax, cl
        mov [M_W_COUNT], al             ; bytes the row's 16 pixels span
        mov dx, [M_G_X0]
        sar dx, cl                      ; DX = screen byte column
        push bx
        mov bx, bp
        shl bx, 1
        mov ax, [M_SHAPE + bx]
        mov [M_W_S], ax
        mov ax, [M_SHAPE + 32 + bx]
        mov [M_W_C], ax
        pop bx
.column:
        cmp byte [M_W_DRAW], 0
        je .clip
        call gm_build
.clip:
        test dx, dx
        js .next_column
        cmp dx, [cs:bx + GM_BPL]
        jge .next_column
        push di
        add di, dx
        cmp byte [M_W_DRAW], 0
        je .put_back
        mov cl, [es:di]
        mov [si], cl
        and cl, al
        xor cl, ah
        mov [es:di], cl
        jmp .stored
.put_back:
        mov cl, [si]
        mov [es:di], cl
.stored:
        inc si
        pop di
.next_column:
        inc dx
        dec byte [M_W_COUNT]
        jnz .column
.next_row:
        inc bp
        cmp bp, 16
        jb .row
        pop bp
        pop di
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; -> AL = AND byte, AH = XOR byte for the next screen byte's pixels, taken from the row's masks (pixels left of
; the block, then right of it, are kept: AND all ones, XOR 0). BX = the mode's entry. Keeps every other register.
gm_build:
        push cx
        push dx
        xor ax, ax
        mov cl, [cs:bx + GM_LOG2PPB]
        mov dx, 1
        shl dx, cl                      ; pixels in the byte
        mov cl, [cs:bx + GM_BPP]
.pixel:
        shl al, cl
        shl ah, cl
        cmp byte [M_W_LEAD], 0
        je .stream
        dec byte [M_W_LEAD]
        or al, [cs:bx + GM_ALL]
        jmp .next
.stream:
        stc
        rcl word [M_W_S], 1             ; feeds ones: the pixels after the block's 16 are kept
        jnc .cleared
        or al, [cs:bx + GM_ALL]
.cleared:
        shl word [M_W_C], 1
        jnc .next
        or ah, [cs:bx + GM_WHITE]
.next:
        dec dx
        jnz .pixel
        pop dx
        pop cx
        ret

; POST, once: INT 10h through m33_video_hook, the handler found there (the video BIOS's) kept to chain to. DS = EBDA.
m33_hook_video:
        push ax
        push es
        xor ax, ax
        mov es, ax
        mov ax, [es:10h * 4]
        mov [M_OLD_INT10], ax
        mov ax, [es:10h * 4 + 2]
        mov [M_OLD_INT10 + 2], ax
        mov word [es:10h * 4], m33_video_hook
        mov word [es:10h * 4 + 2], BIOS_SEG
        pop es
        pop ax
        ret

; INT 10h in front of the video BIOS. A program that resets the driver and then sets a graphics mode (the usual
; order: AX=0000h, INT 10h AX=0013h, AX=0001h) must get the new mode's virtual screen and pointer; the Microsoft
; driver watches INT 10h AH=00h for this, and so does this one: the pointer is taken off before the mode set (M_BUSY
; keeps the mouse interrupt from drawing while the video BIOS reprograms the VGA) and afterwards the driver takes
; the new mode's state as after a reset (m33_mode_state: hidden, centred, ranges the whole screen). Watching INT 10h
; rather than comparing 40:49 at each call also catches a mode set to the mode already there, which clears the
; screen under a drawn pointer. Everything else goes straight to the saved handler; a program or DOS hooking INT 10h
; later chains to this one as to any other.
m33_video_hook:
        test ah, ah
        jz .mode_set
        push bp
        push bp
        push bp
        mov bp, sp
        push ds
        push ax
        call mouse_ds
        mov ax, [M_OLD_INT10]
        mov [bp + 2], ax
        mov ax, [M_OLD_INT10 + 2]
        mov [bp + 4], ax
        pop ax
        pop ds
        pop bp
        retf                            ; into the saved handler, with the caller's flags and return address
.mode_set:
        push bp
        push ds
        call mouse_ds
        pushf
        cli
        call m33_erase_cursor
        mov byte [M_BUSY], 1
        popf
        push word [M_OLD_INT10 + 2]
        push word [M_OLD_INT10]
        mov bp, sp
        mov ds, [bp + 4]                ; the caller's DS for the video BIOS
        pushf
        call far [bp]
        add sp, 4
        call mouse_ds
        pushf
        cli
        mov byte [M_BUSY], 0
        call m33_mode_state
        popf
        pop ds
        pop bp
        iret
