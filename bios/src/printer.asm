; INT 17h parallel printers (IBM PC/XT TR, "Printer Adapter": data at base, status at base+1, control at base+2 with
; bit 0 strobe, bit 2 not-initialise, bit 3 select). DX = printer 0-2; 40:78 holds timeouts in seconds.

int17_handler:
        sti
        push bx
        push cx
        push dx
        push si
        push ds
        mov si, BDA_SEG
        mov ds, si
        cmp dx, 2
        ja .done
        mov si, dx
        mov bl, [bda_lpt_timeout + si]
        shl si, 1
        mov dx, [bda_lpt_ports + si]
        test dx, dx
        jz .done
        cmp ah, 00h
        je .print
        cmp ah, 01h
        je .init
        cmp ah, 02h
        je .status
.done:
        pop ds
        pop si
        pop dx
        pop cx
        pop bx
        iret

; AH=00h: AL to the printer: data out, wait until not busy (status bit 7), then a strobe pulse.
.print:
        out dx, al
        inc dx
        push ax
        xor si, si
        mov ds, si
        mov al, bl
        mov cl, 18
        mul cl
        mov cx, ax
        mov si, [046Ch]
.busy:
        in al, dx
        test al, 80h
        jnz .ready
        mov ax, [046Ch]
        sub ax, si
        cmp ax, cx
        jb .busy
        pop ax
        call printer_status
        or ah, 01h                      ; timeout
        jmp .done
.ready:
        inc dx
        mov al, 0Dh                     ; strobe with select and not-initialise
        out dx, al
        io_delay
        mov al, 0Ch
        out dx, al
        dec dx
        pop ax
        call printer_status
        jmp .done

; AH=01h: initialise (control bit 2 low for a moment), then status.
.init:
        push ax
        add dx, 2
        mov al, 08h
        out dx, al
        mov cx, 1000
.hold:
        loop .hold
        mov al, 0Ch
        out dx, al
        sub dx, 2
        pop ax
        inc dx
        call printer_status
        jmp .done

; AH=02h: status.
.status:
        inc dx
        call printer_status
        jmp .done

; DX = status port -> AH = status with the acknowledge and error bits in the IBM sense (bits 6 and 3 inverted):
; 7 not busy, 6 acknowledge, 5 out of paper, 4 selected, 3 I/O error.
printer_status:
        push ax
        in al, dx
        and al, 0F8h
        xor al, 48h
        mov ah, al
        pop dx
        mov al, dl
        ret
