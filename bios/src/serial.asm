; INT 14h serial ports on 8250/16550 UARTs (National Semiconductor PC16550D data sheet: divisor latch via LCR bit 7,
; line status, modem status; RBIL INT 14h). DX = port 0-3, base address from 40:00; timeouts in 40:7C are seconds.

int14_handler:
        sti
        push bx
        push cx
        push dx
        push si
        push ds
        mov si, BDA_SEG
        mov ds, si
        cmp dx, 3
        ja .done
        mov si, dx
        mov bl, [bda_com_timeout + si]
        shl si, 1
        mov dx, [bda_com_ports + si]
        test dx, dx
        jz .done
        cmp ah, 00h
        je .init
        cmp ah, 01h
        je .send
        cmp ah, 02h
        je .receive
        cmp ah, 03h
        je .status
.done:
        pop ds
        pop si
        pop dx
        pop cx
        pop bx
        iret

; AH=00h: AL bits 7-5 = baud rate (110-9600), bits 4-3 parity, bit 2 stop bits, bits 1-0 word length; the low five
; bits are the line control register's own layout.
.init:
        push ax
        add dx, 3
        mov al, 80h                     ; divisor latch access
        out dx, al
        pop ax
        push ax
        mov bl, al
        mov cl, 4
        shr bl, cl
        and bl, 0Eh
        xor bh, bh
        mov si, bx
        mov bx, [cs:baud_divisors + si]
        sub dx, 3
        mov al, bl
        out dx, al
        inc dx
        mov al, bh
        out dx, al
        pop ax
        push ax
        and al, 1Fh
        add dx, 2
        out dx, al
        sub dx, 2
        xor al, al
        out dx, al                      ; interrupt enable register: none
        pop ax
        sub dx, 1
        jmp .status

; AH=01h: send AL once the transmitter holding register is empty. AH = line status, bit 7 on timeout.
.send:
        push ax
        add dx, 4
        mov al, 03h                     ; DTR and RTS
        out dx, al
        inc dx
        mov ah, 20h
        call serial_wait
        pop cx
        jc .timeout
        mov al, cl
        sub dx, 5
        out dx, al
        add dx, 5
        in al, dx
        mov ah, al
        mov al, cl
        jmp .done

; AH=02h: wait for a received byte -> AL, AH = line status errors (bits 1-4), bit 7 on timeout.
.receive:
        add dx, 4
        mov al, 01h                     ; DTR
        out dx, al
        inc dx
        mov ah, 01h
        call serial_wait
        jc .timeout
        and al, 1Eh
        mov ah, al
        sub dx, 5
        in al, dx
        jmp .done

; AH=03h: AH = line status, AL = modem status.
.status:
        add dx, 5
        in al, dx
        mov ah, al
        inc dx
        in al, dx
        jmp .done
.timeout:
        in al, dx
        or al, 80h
        mov ah, al
        mov al, cl
        jmp .done

; DX = line status register, AH = bits to wait for, BL = timeout in seconds -> AL = line status; CF=1 on timeout.
; Polls with interrupts on, measuring time by the tick count.
serial_wait:
        push cx
        push si
        push ds
        xor cx, cx
        mov ds, cx
        push ax                         ; AH holds the status bits to wait for: MUL below overwrites it
        mov al, bl
        mov cl, 18
        mul cl
        inc ax
        mov cx, ax
        pop ax
        mov si, [046Ch]
.poll:
        in al, dx
        test al, ah
        jnz .ready
        push ax
        mov ax, [046Ch]
        sub ax, si
        cmp ax, cx
        pop ax
        jb .poll
        stc
        jmp .out
.ready:
        clc
.out:
        pop ds
        pop si
        pop cx
        ret
