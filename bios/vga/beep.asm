; The teletype's BEL: a short beep on the system board speaker, PIT channel 2 in mode 3 gated through port 61h bits
; 0-1 (IBM PC/XT TR, "Speaker"), as the IBM video BIOS sounds it. The tone lasts 4 timer ticks of the system BIOS's
; count at 40:6Ch, waited for with interrupts enabled.
beep:
        push ax
        push cx
        push dx
        push ds
        mov al, 0B6h
        out PIT_MODE, al
        mov ax, 1331                    ; 1193182 Hz / 1331 = 896 Hz
        out PIT_CH2, al
        mov al, ah
        out PIT_CH2, al
        in al, PPI_PORTB
        push ax
        or al, 03h
        out PPI_PORTB, al
        xor ax, ax
        mov ds, ax
        mov dx, [046Ch]
.wait:
        sti
        hlt
        mov ax, [046Ch]
        sub ax, dx
        cmp ax, 4
        jb .wait
        pop ax
        out PPI_PORTB, al
        pop ds
        pop dx
        pop cx
        pop ax
        ret
