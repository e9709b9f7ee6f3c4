; PS/2 mouse on the 8042's auxiliary port: the pointing-device BIOS interface INT 15h AH=C2h and its IRQ 12 handler
; INT 74h (RBIL INT 15h/C200h-C207h "SYSTEM - POINTING DEVICE BIOS INTERFACE (PS)"; IBM PS/2 Hardware Interface
; Technical Reference, "Keyboard/Auxiliary Device Controller" for commands A8h and D4h and status bit 5; the
; auxiliary device commands FFh reset, F6h set defaults, F5h/F4h disable/enable, F3h sample rate, F2h read device
; type, E9h status request, E8h resolution, E7h/E6h scaling, with FAh acknowledge and FEh resend).

PS2_ACK         equ 0FAh
PS2_RESEND      equ 0FEh
PS2_ERROR       equ 0FCh
; INT 15h AH=C2h status codes (RBIL table 00522).
PS2_ST_INVALID_FUNCTION equ 01h
PS2_ST_INVALID_INPUT equ 02h
PS2_ST_INTERFACE equ 03h
PS2_ST_RESEND   equ 04h
PS2_ST_NO_HANDLER equ 05h

; POST: the auxiliary interface on, IRQ 12 on auxiliary output (command byte bit 1, bit 5 = 0 keeps its clock
; running), the pointing-device bit of the equipment word (RBIL INT 11h bit 2), INT 74h, and IRQ 12 unmasked on the
; slave 8259A with the cascade (IRQ 2) on the master. DS = BIOS data.
ps2_post:
        or byte [bda_equipment], 04h
        push ds
        xor ax, ax
        mov ds, ax
        mov word [74h * 4], int74_handler
        mov word [74h * 4 + 2], BIOS_SEG
        pop ds
        cli
        call kbc_flush
        mov al, 0A8h
        call kbc_command
        mov al, 20h
        call kbc_command
        call kbc_read
        or al, 02h
        and al, 0DFh
        mov ah, al
        mov al, 60h
        call kbc_command
        mov al, ah
        call kbc_write
        in al, PIC2_DATA
        and al, 0EFh
        out PIC2_DATA, al
        in al, PIC1_DATA
        and al, 0FBh
        out PIC1_DATA, al
        sti
        ret

; INT 15h AH=C2h, jumped to from int15_handler (frame: the caller's FLAGS, CS, IP). AL = subfunction.
; Returns CF=0, AH=00h, or CF=1 and AH = a status code.
ps2_service:
        cmp byte [cs:cfg_mouse], MOUSE_PS2
        je .present
        jmp int15_handler.unsupported
.present:
        SERVICE_ENTER
        call mouse_ds
        cmp al, 07h
        ja .invalid_function
        mov bl, al
        xor bh, bh
        shl bx, 1
        jmp [cs:ps2_functions + bx]
.invalid_function:
        mov ah, PS2_ST_INVALID_FUNCTION
        jmp ps2_fail
ps2_done:
        mov ah, 00h
        and word [bp + FRAME_FLAGS], 0FFFEh
        SERVICE_LEAVE
ps2_fail:
        or word [bp + FRAME_FLAGS], 0001h
        SERVICE_LEAVE

ps2_functions:
        dw ps2_enable, ps2_reset, ps2_rate, ps2_resolution, ps2_type, ps2_initialize, ps2_extended, ps2_handler

; AL=00h: BH = 00h disable, 01h enable (enabling needs a handler: status 05h).
ps2_enable:
        mov bh, [bp + FRAME_BX + 1]
        mov ah, PS2_ST_INVALID_INPUT
        cmp bh, 1
        ja ps2_fail
        je .enable
        and byte [PS2_FLAGS], ~PS2_ENABLED
        mov al, 0F5h
        call ps2_command
        jc ps2_fail
        jmp ps2_done
.enable:
        mov ah, PS2_ST_NO_HANDLER
        test byte [PS2_FLAGS], PS2_HANDLER_SET
        jz ps2_fail
        mov al, 0F4h
        call ps2_command
        jc ps2_fail
        mov byte [PS2_INDEX], 0
        or byte [PS2_FLAGS], PS2_ENABLED
        jmp ps2_done

; AL=01h: reset; the device answers its self-test result (AAh) and its ID, returned in BL and BH. It comes back
; disabled, with the defaults.
ps2_reset:
        and byte [PS2_FLAGS], ~PS2_ENABLED
        mov byte [PS2_INDEX], 0
        mov al, 0FFh
        call ps2_begin
        call ps2_exchange
        jc .failed
        call ps2_read
        jc .failed
        mov [bp + FRAME_BX], al
        call ps2_read
        jc .failed
        mov [bp + FRAME_BX + 1], al
        call ps2_end
        jmp ps2_done
.failed:
        call ps2_end
        jmp ps2_fail

; AL=02h: BH = 0-6 for 10, 20, 40, 60, 80, 100, 200 reports per second.
ps2_rate:
        mov bl, [bp + FRAME_BX + 1]
        mov ah, PS2_ST_INVALID_INPUT
        cmp bl, 6
        ja ps2_fail
        xor bh, bh
        mov ah, [cs:ps2_rates + bx]
        mov al, 0F3h
        jmp ps2_command_with_argument
ps2_rates:      db 10, 20, 40, 60, 80, 100, 200

; AL=03h: BH = 0-3 for 1, 2, 4, 8 counts per millimetre.
ps2_resolution:
        mov ah, [bp + FRAME_BX + 1]
        cmp ah, 3
        ja .invalid
        mov al, 0E8h
        jmp ps2_command_with_argument
.invalid:
        mov ah, PS2_ST_INVALID_INPUT
        jmp ps2_fail

; AL=04h: BH = device ID.
ps2_type:
        mov al, 0F2h
        call ps2_begin
        call ps2_exchange
        jc .failed
        call ps2_read
        jc .failed
        mov [bp + FRAME_BX + 1], al
        call ps2_end
        jmp ps2_done
.failed:
        call ps2_end
        jmp ps2_fail

; AL=05h: BH = packet size; this interface delivers the standard 3-byte packets. The device gets its defaults
; (F6h: disabled, 100 reports/s, 4 counts/mm, scaling 1:1, as RBIL describes the result).
ps2_initialize:
        mov ah, PS2_ST_INVALID_INPUT
        cmp byte [bp + FRAME_BX + 1], 3
        jne ps2_fail
        and byte [PS2_FLAGS], ~PS2_ENABLED
        mov byte [PS2_SIZE], 3
        mov byte [PS2_INDEX], 0
        mov al, 0F6h
        call ps2_command
        jc ps2_fail
        jmp ps2_done

; AL=06h: BH = 00h status (BL = status byte, CL = resolution, DL = sample rate), 01h scaling 1:1, 02h scaling 2:1.
ps2_extended:
        mov bh, [bp + FRAME_BX + 1]
        mov al, 0E6h
        cmp bh, 1
        je .command
        mov al, 0E7h
        cmp bh, 2
        je .command
        mov ah, PS2_ST_INVALID_INPUT
        test bh, bh
        jnz ps2_fail
        mov al, 0E9h
        call ps2_begin
        call ps2_exchange
        jc .failed
        call ps2_read
        jc .failed
        mov [bp + FRAME_BX], al
        call ps2_read
        jc .failed
        mov [bp + FRAME_CX], al
        call ps2_read
        jc .failed
        mov [bp + FRAME_DX], al
        call ps2_end
        jmp ps2_done
.failed:
        call ps2_end
        jmp ps2_fail
.command:
        call ps2_command
        jc ps2_fail
        jmp ps2_done

; AL=07h: ES:BX = the far handler INT 74h calls with each packet, 0000h:0000h to remove it.
ps2_handler:
        mov ax, [bp + FRAME_BX]
        mov [PS2_HANDLER], ax
        mov bx, [bp + FRAME_ES]
        mov [PS2_HANDLER + 2], bx
        and byte [PS2_FLAGS], ~PS2_HANDLER_SET
        or ax, bx
        jz .done
        or byte [PS2_FLAGS], PS2_HANDLER_SET
.done:
        jmp ps2_done

; Command AL with the argument byte AH, each acknowledged; then back to the caller with the status.
ps2_command_with_argument:
        call ps2_begin
        mov cl, ah                      ; the caller's CX is in the frame
        call ps2_exchange
        jc .failed
        mov al, cl
        call ps2_exchange
        jc .failed
        call ps2_end
        jmp ps2_done
.failed:
        call ps2_end
        jmp ps2_fail

; One command byte AL, acknowledged. CF=1 with AH = status when it fails.
ps2_command:
        call ps2_begin
        call ps2_exchange
        pushf
        call ps2_end
        popf
        ret

; The device's answers are polled with interrupts off, so neither INT 74h nor INT 09h takes them, and with the
; keyboard interface disabled (ADh), so no keystroke lands in the output buffer meanwhile.
ps2_begin:
        cli
        push ax
        mov al, 0ADh
        call kbc_command
        pop ax
        ret

ps2_end:
        push ax
        mov al, 0AEh
        call kbc_command
        pop ax
        sti
        ret

; Sends AL to the device (8042 command D4h) and waits for its acknowledge. Bytes of a packet already on their way
; before the command are skipped. CF=1 with AH = 04h (the device asked for a resend) or 03h (no answer, an error
; or no device: status bit 6 after the write).
ps2_exchange:
        push cx
        push ax
        mov al, 0D4h
        call kbc_command
        pop ax
        call kbc_write
        in al, KBC_STATUS
        test al, KBC_TIMEOUT
        jnz .interface
        mov cx, 8
.answer:
        call ps2_read
        jc .interface
        cmp al, PS2_ACK
        je .acknowledged
        cmp al, PS2_RESEND
        je .resend
        cmp al, PS2_ERROR
        je .interface
        loop .answer
.interface:
        mov ah, PS2_ST_INTERFACE
        pop cx
        stc
        ret
.resend:
        mov ah, PS2_ST_RESEND
        pop cx
        stc
        ret
.acknowledged:
        pop cx
        clc
        ret

; Reads the next byte from the auxiliary device into AL; CF=1 and AH = 03h when none comes (8 x 64K polls). A keystroke
; already in the output buffer is left to INT 09h: interrupts go on for an instruction so IRQ 1 can take it.
ps2_read:
        push cx
        push dx
        mov dx, 8
.outer:
        xor cx, cx
.poll:
        in al, KBC_STATUS
        test al, KBC_OBF
        jz .empty
        test al, KBC_AUX_OBF
        jnz .full
        sti
        nop
        cli
.empty:
        loop .poll
        dec dx
        jnz .outer
        mov ah, PS2_ST_INTERFACE
        pop dx
        pop cx
        stc
        ret
.full:
        in al, KBD_DATA
        pop dx
        pop cx
        clc
        ret

; INT 74h (IRQ 12): one byte of a packet from the 8042. The first byte of a packet always has bit 3 set, which
; resynchronises a stream that lost a byte. After the last byte the handler set with AX=C207h is called far with
; the status, X, Y and a zero word on the stack (RBIL INT 15h/C207h), with interrupts on; then both 8259As get
; their EOI.
int74_handler:
        push ax
        push bx
        push ds
        in al, KBC_STATUS
        and al, KBC_OBF | KBC_AUX_OBF
        cmp al, KBC_OBF | KBC_AUX_OBF
        jne .eoi
        in al, KBD_DATA
        call mouse_ds
        test byte [PS2_FLAGS], PS2_ENABLED
        jz .eoi
        mov bl, [PS2_INDEX]
        xor bh, bh
        test bl, bl
        jnz .store
        test al, 08h
        jz .eoi
.store:
        mov [PS2_PACKET + bx], al
        inc bx
        cmp bl, [PS2_SIZE]
        jae .packet
        mov [PS2_INDEX], bl
        jmp .eoi
.packet:
        mov byte [PS2_INDEX], 0
        test byte [PS2_FLAGS], PS2_HANDLER_SET
        jz .eoi
        push cx
        push dx
        push si
        push di
        push bp
        push es
        xor ah, ah
        mov al, [PS2_PACKET]
        push ax
        mov al, [PS2_PACKET + 1]
        push ax
        mov al, [PS2_PACKET + 2]
        push ax
        xor al, al
        push ax
        sti
        call far [PS2_HANDLER]
        cli
        add sp, 8
        pop es
        pop bp
        pop di
        pop si
        pop dx
        pop cx
.eoi:
        mov al, PIC_EOI
        out PIC2_CMD, al
        out PIC1_CMD, al
        pop ds
        pop bx
        pop ax
        iret
