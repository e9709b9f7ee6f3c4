; INT 16h keyboard services (RBIL INT 16h) and the 8042 helpers the AT uses to talk to its keyboard.

int16_handler:
        sti
        cld
        push bx
        push si
        push ds
        mov bx, BDA_SEG
        mov ds, bx
        cmp byte [cs:cfg_machine], MACHINE_AT
        jne .dispatch
        call kbd_update_leds
.dispatch:
        mov bl, ah
        cmp ah, 00h
        je .read
        cmp ah, 10h
        je .read
        cmp ah, 01h
        je .peek
        cmp ah, 11h
        je .peek
        cmp ah, 02h
        je .shift_flags
        cmp ah, 12h
        je .extended_flags
        cmp ah, 05h
        je .store
        cmp ah, 03h
        je .typematic
.done:
        pop ds
        pop si
        pop bx
        iret

; AH=00h/10h: wait for a key and take it -> AX.
.read:
        cli
        mov si, [bda_kb_head]
        cmp si, [bda_kb_tail]
        jne .take
        sti
        hlt
        jmp .read
.take:
        mov ax, [si]
        call kbd_advance
        sti
        call kbd_translate
        jc .read
        jmp .done

; AH=01h/11h: ZF=1 when no key waits, else ZF=0 and AX = the next key, left in the buffer.
.peek:
        cli
        mov si, [bda_kb_head]
        cmp si, [bda_kb_tail]
        sti
        je .empty
        mov ax, [si]
        call kbd_translate
        jnc .found
        cli
        call kbd_advance                ; a key only AH=10h reports: AH=01h drops it
        sti
        jmp .peek
.found:
        or bl, 1                        ; ZF=0
        pop ds
        pop si
        pop bx
        retf 2
.empty:
        xor bl, bl                      ; ZF=1
        pop ds
        pop si
        pop bx
        retf 2

; AH=02h: AL = shift flags (40:17).
.shift_flags:
        mov al, [bda_kb_flags0]
        jmp .done

; AH=12h: AL = 40:17; AH bits 0/1 left Ctrl/Alt, 2/3 right Ctrl/Alt, 4-6 Scroll/Num/Caps held, 7 SysReq held.
.extended_flags:
        mov al, [bda_kb_flags1]
        mov ah, al
        and ah, 73h
        and al, KF1_SYSREQ
        mov bl, 5
.sysreq_bit:
        shl al, 1
        dec bl
        jnz .sysreq_bit
        or ah, al
        mov al, [bda_kb_flags3]
        and al, KF3_RCTRL | KF3_RALT
        or ah, al
        mov al, [bda_kb_flags0]
        jmp .done

; AH=05h: CX = key word to append -> AL = 0 stored, 1 buffer full.
.store:
        mov ax, cx
        call kbd_store
        mov al, 0
        adc al, 0
        jmp .done

; AH=03h, AL=05h: BH = delay (0-3), BL = rate (0-1Fh), sent to an AT keyboard with command F3h.
.typematic:
        cmp al, 05h
        jne .done
        cmp byte [cs:cfg_machine], MACHINE_AT
        jne .done
        pop ds
        pop si
        pop bx
        push ax
        push cx
        mov ah, bh
        and ah, 3
        mov cl, 5
        shl ah, cl
        mov cl, bl
        and cl, 1Fh
        or ah, cl
        cli
        mov al, 0F3h
        call kbd_send
        jc .typematic_done
        mov al, ah
        call kbd_send
.typematic_done:
        sti
        pop cx
        pop ax
        iret

; Moves the buffer head at SI past one key (with wrap-around at 40:82) and stores it.
kbd_advance:
        add si, 2
        cmp si, [bda_kb_end]
        jb .stored
        mov si, [bda_kb_start]
.stored:
        mov [bda_kb_head], si
        ret

; AX = buffered key, BL = function (bit 4: an enhanced one) -> AX as that function reports it; CF=1 when the
; function does not report the key. Standard functions fold keypad Enter and / (scancode E0h) onto the keypad codes
; and gray cursor keys (character E0h) onto the keypad ones, and skip the enhanced-only keys.
kbd_translate:
        test bl, 10h
        jnz .enhanced
        cmp ah, 0E0h
        jne .not_keypad
        mov ah, 1Ch
        cmp al, 2Fh
        jne .ok
        mov ah, 35h
        jmp .ok
.not_keypad:
        test ah, ah
        jz .ok
        cmp al, KEY_EXTENDED
        je .skip
        cmp al, 0E0h
        jne .ok
        xor al, al
        jmp .ok
.enhanced:
        test ah, ah
        jz .ok
        cmp al, KEY_EXTENDED
        jne .ok
        xor al, al
.ok:
        clc
        ret
.skip:
        stc
        ret

; Keeps the AT keyboard's LEDs (command EDh: bit 0 Scroll, 1 Num, 2 Caps Lock) equal to the lock states in 40:17;
; 40:97 bits 0-2 remember what was sent.
kbd_update_leds:
        push ax
        mov al, [bda_kb_flags0]
        shr al, 1
        shr al, 1
        shr al, 1
        shr al, 1
        and al, 07h
        mov ah, [bda_kb_flags2]
        and ah, 07h
        cmp al, ah
        je .done
        and byte [bda_kb_flags2], 0F8h
        or [bda_kb_flags2], al
        mov ah, al
        cli
        mov al, 0EDh
        call kbd_send
        jc .sent
        mov al, ah
        call kbd_send
.sent:
        sti
.done:
        pop ax
        ret

; Sends AL to the keyboard through the 8042 and waits for its acknowledge (FAh), polling with interrupts off so INT
; 09h does not take the answer. CF=1 when it does not come.
kbd_send:
        push ax
        call kbc_write
        call kbc_read
        jc .fail
        cmp al, 0FAh
        jne .fail
        pop ax
        clc
        ret
.fail:
        pop ax
        stc
        ret

; 8042 status register (port 64h): bit 0 output buffer full, bit 1 input buffer full (IBM AT TR, "Keyboard
; Controller"). The polling loops are bounded so a missing controller cannot hang the machine.
kbc_wait_input_empty:
        push ax
        push cx
        xor cx, cx
.poll:
        in al, KBC_STATUS
        test al, KBC_IBF
        jz .empty
        loop .poll
        pop cx
        pop ax
        stc
        ret
.empty:
        pop cx
        pop ax
        clc
        ret

; Writes AL to the 8042's command port.
kbc_command:
        call kbc_wait_input_empty
        out KBC_STATUS, al
        ret

; Writes AL to the 8042's data port (for the keyboard, or a command's parameter).
kbc_write:
        call kbc_wait_input_empty
        out KBD_DATA, al
        ret

; Reads the 8042's output buffer into AL; CF=1 when nothing arrives (about four times 64K polls, enough for a
; keyboard's power-on self test to finish).
kbc_read:
        push cx
        push dx
        mov dx, 4
.outer:
        xor cx, cx
.poll:
        in al, KBC_STATUS
        test al, KBC_OBF
        jnz .full
        loop .poll
        dec dx
        jnz .outer
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

; Empties the 8042's output buffer.
kbc_flush:
        push cx
        mov cx, 16
.next:
        in al, KBC_STATUS
        test al, KBC_OBF
        jz .done
        in al, KBD_DATA
        loop .next
.done:
        pop cx
        ret
