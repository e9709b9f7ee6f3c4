; INT 08h (IRQ 0, 18.2 Hz), INT 1Ah time of day and RTC, INT 70h (IRQ 8, RTC periodic and alarm interrupts).

TICKS_PER_DAY_HI equ 0018h          ; 1800B0h ticks = 24 hours at 1193182 / 65536 Hz (IBM PC/XT TR, TIME_OF_DAY)
TICKS_PER_DAY_LO equ 00B0h

int08_handler:
        push ax
        push dx
        push ds
        mov ax, BDA_SEG
        mov ds, ax
        add word [bda_ticks], 1
        adc word [bda_ticks + 2], 0
        cmp word [bda_ticks + 2], TICKS_PER_DAY_HI
        jne .motor
        cmp word [bda_ticks], TICKS_PER_DAY_LO
        jne .motor
        mov word [bda_ticks], 0
        mov word [bda_ticks + 2], 0
        mov byte [bda_midnight], 1
.motor:
        ; Diskette motors stop when the countdown set after the last operation reaches zero.
        cmp byte [bda_fd_motor_count], 0
        je .user
        dec byte [bda_fd_motor_count]
        jnz .user
        and byte [bda_fd_motor], 0F0h
        mov al, 0Ch
        mov dx, FDC_DOR
        out dx, al
.user:
        call mouse_reclaim_int33
        int 1Ch
        cli
        mov al, PIC_EOI
        out PIC1_CMD, al
        pop ds
        pop dx
        pop ax
        iret

; INT 1Ah: 00h/01h get/set the tick count (AL = midnight flag, cleared by reading); on the AT 02h-07h read and set
; the MC146818's time, date and alarm in BCD (RBIL INT 1Ah).
int1a_handler:
        sti
        push ds
        push bx
        mov bx, BDA_SEG
        mov ds, bx
        cmp ah, 00h
        je .get_ticks
        cmp ah, 01h
        je .set_ticks
        cmp byte [cs:cfg_machine], MACHINE_AT
        jne .fail
        cmp ah, 07h
        ja .fail
        mov bl, ah
        xor bh, bh
        shl bx, 1
        call [cs:.rtc_functions + bx - 4]
        jmp .return
.rtc_functions:
        dw rtc_get_time, rtc_set_time, rtc_get_date, rtc_set_date, rtc_set_alarm, rtc_reset_alarm
.get_ticks:
        cli
        mov dx, [bda_ticks]
        mov cx, [bda_ticks + 2]
        mov al, 0
        xchg al, [bda_midnight]
        sti
        clc
        jmp .return
.set_ticks:
        cli
        mov [bda_ticks], dx
        mov [bda_ticks + 2], cx
        mov byte [bda_midnight], 0
        sti
        clc
        jmp .return
.fail:
        stc
.return:
        pop bx
        pop ds
        retf 2

; Waits while the RTC's update cycle runs (register A bit 7, MC146818 data sheet: 244 us before it starts the
; registers are stable). CF=1 when it never ends.
rtc_wait_update:
        push cx
        mov cx, 0FFFFh
.poll:
        mov al, RTC_REG_A
        call cmos_read
        test al, 80h
        jz .stable
        loop .poll
        stc
        pop cx
        ret
.stable:
        clc
        pop cx
        ret

; AH=02h: CH = hours, CL = minutes, DH = seconds, DL = 1 if daylight saving time.
rtc_get_time:
        call rtc_wait_update
        jc .out
        mov al, RTC_SEC
        call cmos_read
        mov dh, al
        mov al, RTC_MIN
        call cmos_read
        mov cl, al
        mov al, RTC_HOUR
        call cmos_read
        mov ch, al
        mov al, RTC_REG_B
        call cmos_read
        and al, 01h
        mov dl, al
        clc
.out:
        ret

; AH=03h: set CH:CL:DH, DL = daylight saving. The SET bit (register B bit 7) holds updates while writing.
rtc_set_time:
        call rtc_hold
        mov ah, dh
        mov al, RTC_SEC
        call cmos_write
        mov ah, cl
        mov al, RTC_MIN
        call cmos_write
        mov ah, ch
        mov al, RTC_HOUR
        call cmos_write
        mov al, RTC_REG_B
        call cmos_read
        and al, 60h                     ; keep the interrupt enables, 24-hour BCD
        or al, 02h
        and dl, 01h
        or al, dl
        mov ah, al
        mov al, RTC_REG_B
        call cmos_write
        clc
        ret

; AH=04h: CH = century, CL = year, DH = month, DL = day.
rtc_get_date:
        call rtc_wait_update
        jc .out
        mov al, RTC_DAY
        call cmos_read
        mov dl, al
        mov al, RTC_MONTH
        call cmos_read
        mov dh, al
        mov al, RTC_YEAR
        call cmos_read
        mov cl, al
        mov al, CMOS_CENTURY
        call cmos_read
        mov ch, al
        clc
.out:
        ret

; AH=05h: set the date from CH, CL, DH, DL.
rtc_set_date:
        call rtc_hold
        mov ah, dl
        mov al, RTC_DAY
        call cmos_write
        mov ah, dh
        mov al, RTC_MONTH
        call cmos_write
        mov ah, cl
        mov al, RTC_YEAR
        call cmos_write
        mov ah, ch
        mov al, CMOS_CENTURY
        call cmos_write
        call rtc_release
        clc
        ret

; AH=06h: alarm at CH:CL:DH; CF=1 when one is already set. Enables the alarm interrupt (register B bit 5), which
; INT 70h passes on to INT 4Ah.
rtc_set_alarm:
        mov al, RTC_REG_B
        call cmos_read
        test al, 20h
        stc
        jnz .out
        mov ah, dh
        mov al, RTC_SEC_ALARM
        call cmos_write
        mov ah, cl
        mov al, RTC_MIN_ALARM
        call cmos_write
        mov ah, ch
        mov al, RTC_HOUR_ALARM
        call cmos_write
        mov al, RTC_REG_B
        call cmos_read
        or al, 20h
        mov ah, al
        mov al, RTC_REG_B
        call cmos_write
        clc
.out:
        ret

; AH=07h: cancel the alarm.
rtc_reset_alarm:
        mov al, RTC_REG_B
        call cmos_read
        and al, ~20h
        mov ah, al
        mov al, RTC_REG_B
        call cmos_write
        clc
        ret

rtc_hold:
        mov al, RTC_REG_B
        call cmos_read
        or al, 80h
        mov ah, al
        mov al, RTC_REG_B
        call cmos_write
        ret

rtc_release:
        mov al, RTC_REG_B
        call cmos_read
        and al, 7Fh
        mov ah, al
        mov al, RTC_REG_B
        call cmos_write
        ret

; AL = BCD byte -> AL = binary.
bcd_to_binary:
        push cx
        mov ah, al
        and al, 0Fh
        mov cl, 4
        shr ah, cl
        mov ch, al
        mov al, 10
        mul ah
        add al, ch
        pop cx
        ret

; INT 70h (IRQ 8): reading register C acknowledges the RTC. A periodic interrupt (1024 Hz, 976 us) counts down an
; INT 15h AH=83h/86h wait in 40:9C; at its end the user's flag byte gets bit 7 and periodic interrupts stop. An alarm
; interrupt calls INT 4Ah (RBIL INT 70h).
int70_handler:
        push ax
        push bx
        push ds
        push es
        mov ax, BDA_SEG
        mov ds, ax
        mov al, RTC_REG_C
        call cmos_read
        mov bl, al
        test bl, 40h
        jz .alarm
        test byte [bda_wait_active], 01h
        jz .alarm
        sub word [bda_wait_count], 976
        sbb word [bda_wait_count + 2], 0
        jnc .alarm
        and byte [bda_wait_active], 0FEh
        push bx
        les bx, [bda_wait_flag_ptr]
        or byte [es:bx], 80h
        pop bx
        mov al, RTC_REG_B
        call cmos_read
        and al, 0BFh
        mov ah, al
        mov al, RTC_REG_B
        call cmos_write
.alarm:
        test bl, 20h
        jz .eoi
        sti
        int 4Ah
        cli
.eoi:
        mov al, PIC_EOI
        out PIC2_CMD, al
        out PIC1_CMD, al
        pop es
        pop ds
        pop bx
        pop ax
        iret
