; Small helpers shared by POST and the services.

; Prints the zero-terminated string at CS:SI through INT 10h teletype. Preserves all registers.
print_string:
        push ax
        push bx
        push si
        mov bx, 0007h
.next:
        cs lodsb
        test al, al
        jz .done
        mov ah, 0Eh
        int 10h
        jmp .next
.done:
        pop si
        pop bx
        pop ax
        ret

; Prints AX as an unsigned decimal number through INT 10h teletype. Preserves all registers.
print_decimal:
        push ax
        push bx
        push cx
        push dx
        mov bx, 10
        xor cx, cx
.divide:
        xor dx, dx
        div bx
        push dx
        inc cx
        test ax, ax
        jnz .divide
.emit:
        pop ax
        add al, '0'
        mov ah, 0Eh
        mov bx, 0007h
        int 10h
        loop .emit
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; Waits with interrupts enabled until the byte at 0000:BX has any bit of AH set, then clears those bits.
; CX = timeout in timer ticks (55 ms). CF=1 on timeout. The test and the HLT are made atomic with CLI ... STI; HLT
; (STI takes effect after the next instruction, 8086 User's Manual), so an interrupt between them cannot be lost.
wait_flag:
        push ax
        push dx
        push si
        push ds
        xor si, si
        mov ds, si
        mov si, [046Ch]
.loop:
        cli
        test [bx], ah
        jnz .done
        sti
        hlt
        mov dx, [046Ch]
        sub dx, si
        cmp dx, cx
        jb .loop
        stc
        jmp .out
.done:
        not ah
        and [bx], ah
        sti
        clc
.out:
        pop ds
        pop si
        pop dx
        pop ax
        ret

; Waits with interrupts enabled for CX timer ticks.
wait_ticks:
        push ax
        push dx
        push ds
        xor ax, ax
        mov ds, ax
        mov dx, [046Ch]
.loop:
        sti
        hlt
        mov ax, [046Ch]
        sub ax, dx
        cmp ax, cx
        jb .loop
        pop ds
        pop dx
        pop ax
        ret

; DX:AX / CX -> DX:AX quotient, BX remainder (32-bit by 16-bit long division in two 16-bit steps).
div32:
        push si
        mov si, ax
        mov ax, dx
        xor dx, dx
        div cx
        mov bx, ax
        mov ax, si
        div cx
        xchg bx, dx                     ; dx = quotient high, bx = remainder
        pop si
        ret

; Reads CMOS register AL (AT) into AL.
cmos_read:
        out CMOS_INDEX, al
        io_delay
        in al, CMOS_DATA
        ret

; Writes AH to CMOS register AL (AT).
cmos_write:
        out CMOS_INDEX, al
        io_delay
        mov al, ah
        out CMOS_DATA, al
        ret
