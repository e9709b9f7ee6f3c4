; Microsoft serial mouse on COM1 (3F8h, IRQ 4) or COM2 (2F8h, IRQ 3), read by the INT 33h driver straight from the
; UART. The mouse is powered by DTR and RTS and says "M" when RTS rises; it sends 3-byte packets at 1200 baud, 7
; data bits, no parity, 1 stop bit. The first byte has bit 6 set: bit 5 left button, bit 4 right button, bits 3-2
; Y7-Y6, bits 1-0 X7-X6; the next two carry X5-X0 and Y5-Y0 (bit 6 clear). X and Y are signed, Y positive
; downwards (Microsoft Mouse Programmer's Reference, "Serial Mouse Data Format"; PC16550D data sheet for the UART).

SER_IRQ_COM1    equ 4
SER_IRQ_COM2    equ 3

; POST: the IRQ handler on INT 0Ch (COM1) or INT 0Bh (COM2) and that line unmasked on the 8259A. DS = BIOS data.
serial_mouse_post:
        push ds
        xor ax, ax
        mov ds, ax
        mov bx, (8 + SER_IRQ_COM1) * 4
        mov ah, ~(1 << SER_IRQ_COM1)
        cmp byte [cs:cfg_mouse], MOUSE_COM1
        je .vector
        mov bx, (8 + SER_IRQ_COM2) * 4
        mov ah, ~(1 << SER_IRQ_COM2)
.vector:
        mov word [bx], serial_mouse_irq
        mov word [bx + 2], BIOS_SEG
        pop ds
        in al, PIC1_DATA
        and al, ah
        out PIC1_DATA, al
        ret

; Programs the UART for the mouse and powers it up (DS = EBDA): 1200 baud (divisor 96 from 1.8432 MHz), 7N1, no
; FIFO, DTR and RTS dropped and raised again so the mouse identifies itself, OUT2 (which gates the UART's interrupt
; onto the bus on the PC), interrupt on received data.
serial_mouse_start:
        push ax
        push dx
        mov dx, 3F8h
        cmp byte [cs:cfg_mouse], MOUSE_COM1
        je .port
        mov dx, 2F8h
.port:
        mov [SER_BASE], dx
        mov byte [SER_INDEX], 3
        add dx, 1
        xor al, al
        out dx, al                      ; IER: no interrupts while programming
        add dx, 3
        out dx, al                      ; MCR: DTR and RTS off
        dec dx
        mov al, 80h
        out dx, al                      ; LCR: divisor latch
        sub dx, 3
        mov al, 96
        out dx, al
        inc dx
        xor al, al
        out dx, al
        add dx, 2
        mov al, 02h
        out dx, al                      ; LCR: 7 data bits, 1 stop bit, no parity
        dec dx
        xor al, al
        out dx, al                      ; FCR: no FIFO
        add dx, 2
        mov al, 0Bh
        out dx, al                      ; MCR: DTR, RTS, OUT2
        sub dx, 4
        in al, dx                       ; RBR: drop anything left
        add dx, 5
        in al, dx                       ; LSR, MSR: clear their status
        inc dx
        in al, dx
        sub dx, 5
        mov al, 01h
        out dx, al                      ; IER: received data available
        pop dx
        pop ax
        ret

; IRQ 4 / IRQ 3: every received byte into the packet; a byte with bit 6 set starts one. A whole packet goes to the
; INT 33h driver as motion and buttons (the middle button keeps its state: the protocol has two).
serial_mouse_irq:
        push ax
        push bx
        push cx
        push dx
        push ds
        call mouse_ds
        mov dx, [SER_BASE]
.next:
        add dx, 5
        in al, dx                       ; LSR bit 0: data ready
        sub dx, 5
        test al, 01h
        jz .eoi
        in al, dx
        test al, 40h
        jz .continued
        mov byte [SER_INDEX], 0
.continued:
        mov bl, [SER_INDEX]
        cmp bl, 3
        jae .next
        xor bh, bh
        mov [SER_BYTES + bx], al
        inc bl
        mov [SER_INDEX], bl
        cmp bl, 3
        jb .next
        push dx
        mov al, [SER_BYTES]
        mov cl, 6
        shl al, cl
        mov cl, [SER_BYTES + 1]
        and cl, 3Fh
        or al, cl
        cbw
        mov cx, ax                      ; X
        mov al, [SER_BYTES]
        shl al, 1
        shl al, 1
        shl al, 1
        shl al, 1
        and al, 0C0h
        mov dl, [SER_BYTES + 2]
        and dl, 3Fh
        or al, dl
        cbw
        mov dx, ax                      ; Y
        mov ah, [SER_BYTES]
        mov bl, [M_BUTTONS]
        and bl, 04h
        test ah, 20h
        jz .right
        or bl, 01h
.right:
        test ah, 10h
        jz .buttons
        or bl, 02h
.buttons:
        call m33_event
        pop dx
        jmp .next
.eoi:
        cli
        mov al, PIC_EOI
        out PIC1_CMD, al
        pop ds
        pop dx
        pop cx
        pop bx
        pop ax
        iret
