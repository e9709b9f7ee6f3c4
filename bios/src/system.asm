; INT 11h equipment, INT 12h memory size, INT 15h system services, NMI, and the handlers for interrupts nobody
; claimed.

int11_handler:
        push ds
        mov ax, BDA_SEG
        mov ds, ax
        mov ax, [bda_equipment]
        pop ds
        iret

int12_handler:
        push ds
        mov ax, BDA_SEG
        mov ds, ax
        mov ax, [bda_memory_kb]
        pop ds
        iret

; INT 15h (RBIL INT 15h): 4Fh keyboard intercept (not consumed), 83h event wait, 85h SysReq, 86h wait, 88h extended
; memory size, 90h/91h device busy/post, C0h configuration table, C1h EBDA segment, C2h PS/2 pointing device
; (mouse-ps2.asm). Others: CF=1, AH=86h.
int15_handler:
        sti
        cmp ah, 4Fh
        je .keyboard_intercept
        cmp ah, 85h
        je .success
        cmp ah, 90h
        je .success
        cmp ah, 91h
        je .success
        cmp ah, 86h
        je .wait
        cmp ah, 0C0h
        je .configuration
        cmp ah, 0C1h
        je .ebda
        cmp ah, 0C2h
        jne .at_only
        jmp ps2_service
.at_only:
        cmp byte [cs:cfg_machine], MACHINE_AT
        jne .unsupported
        cmp ah, 83h
        je .event_wait
        cmp ah, 88h
        je .extended_memory
.unsupported:
        mov ah, 86h
        stc
        retf 2
.keyboard_intercept:
        stc
        retf 2
.success:
        xor ah, ah
        clc
        retf 2
.configuration:
        mov bx, cs
        mov es, bx
        mov bx, config_table_at
        cmp byte [cs:cfg_machine], MACHINE_AT
        je .success
        mov bx, config_table_xt
        jmp .success
.extended_memory:
        mov al, CMOS_EXT_HI
        call cmos_read
        mov ah, al
        mov al, CMOS_EXT_LO
        call cmos_read
        clc
        retf 2
.ebda:
        push ds
        mov ax, BDA_SEG
        mov ds, ax
        mov es, [bda_ebda_seg]
        pop ds
        mov ax, es
        test ax, ax
        jz .unsupported
        jmp .success
.wait:
        cmp byte [cs:cfg_machine], MACHINE_AT
        je .rtc_wait
        call pit_wait
        jmp .success
.rtc_wait:
        push ds
        push ax
        mov ax, BDA_SEG
        mov ds, ax
        test byte [bda_wait_active], 01h
        jnz .busy
        mov word [bda_wait_flag_ptr], bda_wait_active
        mov word [bda_wait_flag_ptr + 2], BDA_SEG
        call rtc_start_wait
.waiting:
        cli
        test byte [bda_wait_active], 80h
        jnz .waited
        sti
        hlt
        jmp .waiting
.waited:
        sti
        mov byte [bda_wait_active], 0
        pop ax
        pop ds
        jmp .success
.busy:
        pop ax
        pop ds
        mov ah, 80h
        stc
        retf 2
.event_wait:
        ; AL=00h: set bit 7 of ES:BX after CX:DX microseconds; AL=01h: cancel.
        push ds
        push ax
        mov ax, BDA_SEG
        mov ds, ax
        pop ax
        push ax
        cmp al, 01h
        je .cancel
        test byte [bda_wait_active], 01h
        jnz .busy
        mov [bda_wait_flag_ptr], bx
        mov [bda_wait_flag_ptr + 2], es
        call rtc_start_wait
        pop ax
        pop ds
        jmp .success
.cancel:
        mov byte [bda_wait_active], 0
        mov al, RTC_REG_B
        call cmos_read
        and al, 0BFh
        mov ah, al
        mov al, RTC_REG_B
        call cmos_write
        pop ax
        pop ds
        jmp .success

; CX:DX = microseconds: arms the countdown at 40:9C and the RTC's periodic interrupt (register B bit 6) for INT 70h.
; DS = BIOS data.
rtc_start_wait:
        push ax
        cli
        mov [bda_wait_count], dx
        mov [bda_wait_count + 2], cx
        mov byte [bda_wait_active], 01h
        mov al, RTC_REG_B
        call cmos_read
        or al, 40h
        mov ah, al
        mov al, RTC_REG_B
        call cmos_write
        sti
        pop ax
        ret

; XT: waits CX:DX microseconds by watching PIT channel 0 (mode 3 counts down by 2 per 1.193182 MHz clock, twice per
; period): elapsed clocks are the counter's fall / 2, read often enough that no half period is missed. 1 us is
; taken as 1.2 clocks.
pit_wait:
        push ax
        push bx
        push cx
        push dx
        push si
        push di
        mov si, dx
        mov di, cx
        mov ax, dx
        mov dx, cx
        mov cx, 5
        call div32
        add si, ax
        adc di, dx                      ; DI:SI = clocks to wait
        call .counter
        mov bx, ax
.poll:
        call .counter
        mov cx, bx
        sub cx, ax
        mov bx, ax
        shr cx, 1
        sub si, cx
        sbb di, 0
        jnc .poll
        pop di
        pop si
        pop dx
        pop cx
        pop bx
        pop ax
        ret
.counter:
        mov al, 00h                     ; counter latch command for channel 0
        out PIT_MODE, al
        in al, PIT_CH0
        mov ah, al
        in al, PIT_CH0
        xchg al, ah
        ret

irq_unexpected:
        push ax
        mov al, 0Bh                     ; OCW3: read the in-service register
        out PIC1_CMD, al
        in al, PIC1_CMD
        push ds
        push ax
        mov ax, BDA_SEG
        mov ds, ax
        pop ax
        mov [bda_last_irq], al
        pop ds
        mov al, PIC_EOI
        out PIC1_CMD, al
        pop ax
        iret

irq_unexpected_slave:
        push ax
        mov al, PIC_EOI
        out PIC2_CMD, al
        out PIC1_CMD, al
        pop ax
        iret

; NMI: parity or I/O channel check (port 61h bits 7/6 on the XT, the AT's port 61h); nothing to recover here.
nmi_handler:
        iret

; INT 05h: prints the active page's text to the first printer through INT 17h; 50:00 holds the state (1 running,
; 0 done, FFh error), as on IBM machines.
int05_handler:
        sti
        push ax
        push bx
        push cx
        push dx
        push ds
        mov ax, 0050h
        mov ds, ax
        cmp byte [0], 1
        je .out
        mov byte [0], 1
        mov ah, 0Fh
        int 10h                         ; AH = columns, BH = active page
        mov cl, ah
        push ds
        mov ax, BDA_SEG
        mov ds, ax
        mov ch, [bda_video_rows]
        pop ds
        inc ch
        mov ah, 03h
        int 10h
        push dx
        call .newline
        jc .error
        xor dh, dh
.row:
        xor dl, dl
.column:
        mov ah, 02h
        int 10h
        mov ah, 08h
        int 10h
        test al, al
        jnz .print
        mov al, ' '
.print:
        push dx
        xor dx, dx
        mov ah, 00h
        int 17h
        pop dx
        test ah, 29h                    ; timeout, I/O error, out of paper
        jnz .error
        inc dl
        cmp dl, cl
        jb .column
        call .newline
        jc .error
        inc dh
        cmp dh, ch
        jb .row
        mov byte [0], 0
        jmp .restore
.error:
        mov byte [0], 0FFh
.restore:
        pop dx
        mov ah, 02h
        int 10h
.out:
        pop ds
        pop dx
        pop cx
        pop bx
        pop ax
        iret
.newline:
        push dx
        xor dx, dx
        mov ax, 000Dh
        int 17h
        test ah, 29h
        jnz .newline_failed
        mov ax, 000Ah
        int 17h
        test ah, 29h
        jnz .newline_failed
        pop dx
        clc
        ret
.newline_failed:
        pop dx
        stc
        ret
