; INT 13h diskette services (DL < 80h) on a uPD765 at 3F0h-3F7h with DMA channel 2 and IRQ 6 (NEC uPD765 data
; sheet: command and result phases, main status register; IBM PC/XT and PC/AT TR, diskette BIOS; RBIL INT 13h).

; Media this BIOS reads and writes: the data rate code for the rate register 3F7h (0 = 500, 1 = 300, 2 = 250
; kbit/s, 3 = 1 Mbit/s), sectors per track, read/write gap, format gap, last cylinder, bit 0 of flags = double
; stepping (a 40-track disk in an 80-track drive), and the diskette parameter table that describes it. A drive's
; media are told apart by their data rate alone, so the rate kept in 40:90/40:91 names the media (fd_media).
MEDIA_RATE      equ 0
MEDIA_SPT       equ 1
MEDIA_GAP       equ 2
MEDIA_FORMAT_GAP equ 3
MEDIA_LAST_CYL  equ 4
MEDIA_FLAGS     equ 5
MEDIA_DPT       equ 6
MEDIA_SIZE      equ 8

; 40:90/40:91 media state (RBIL MEM 0040h:0090h): bits 7-6 data rate, bit 5 double stepping, bit 4 media type
; established, bits 2-0 the AT's state code: 0-2 trying 360 KB in 360 KB, 360 KB in 1.2 MB, 1.2 MB in 1.2 MB, 3-5
; the same established, 7 any other media or drive.
FD_DOUBLE_STEP  equ 20h
FD_ESTABLISHED  equ 10h
FD_STATE        equ 07h
FD_STATE_OTHER  equ 07h

FD_READ         equ 0
FD_WRITE        equ 1
FD_VERIFY       equ 2
FD_FORMAT       equ 3

fd_media_table:
        db 2, 9, 2Ah, 50h, 39, 0        ; 0: 360 KB (and 160/180/320 KB) in a 360 KB drive
        dw dpt_360k
        db 1, 9, 23h, 50h, 39, 1        ; 1: 360 KB in a 1.2 MB drive, double stepped
        dw dpt_360k_in_1200k
        db 0, 15, 1Bh, 54h, 79, 0       ; 2: 1.2 MB
        dw dpt_1200k
        db 2, 9, 2Ah, 50h, 79, 0        ; 3: 720 KB
        dw dpt_720k
        db 0, 18, 1Bh, 6Ch, 79, 0       ; 4: 1.44 MB
        dw dpt_1440k
        db 3, 36, 1Bh, 53h, 79, 0       ; 5: 2.88 MB
        dw dpt_2880k

; Media to try in each drive type (CMOS drive type numbers: 1 = 360 KB, 2 = 1.2 MB, 3 = 720 KB, 4 = 1.44 MB,
; 5 = 2.88 MB), the drive's own first, then slower rates (IBM AT TR, diskette BIOS: the rate is retried until the
; media is found); FFh ends a list. No two media of a list share a data rate.
fd_candidates:
        db 0FFh, 0FFh, 0FFh, 0FFh
        db 0, 0FFh, 0FFh, 0FFh
        db 2, 1, 0FFh, 0FFh
        db 3, 0FFh, 0FFh, 0FFh
        db 4, 3, 0FFh, 0FFh
        db 5, 4, 3, 0FFh

; Diskette parameter tables (RBIL INT 1Eh): step rate/head unload, head load/DMA, motor-off delay in ticks, bytes
; per sector code, sectors per track, gap, data length, format gap, fill byte, head settle ms, motor start 1/8 s.
dpt_360k:               db 0DFh, 02h, 25h, 02h, 09, 2Ah, 0FFh, 50h, 0F6h, 0Fh, 08h
dpt_360k_in_1200k:      db 0DFh, 02h, 25h, 02h, 09, 23h, 0FFh, 50h, 0F6h, 0Fh, 08h
dpt_1200k:              db 0DFh, 02h, 25h, 02h, 15, 1Bh, 0FFh, 54h, 0F6h, 0Fh, 08h
dpt_720k:               db 0DFh, 02h, 25h, 02h, 09, 2Ah, 0FFh, 50h, 0F6h, 0Fh, 08h
dpt_1440k:              db 0AFh, 02h, 25h, 02h, 18, 1Bh, 0FFh, 6Ch, 0F6h, 0Fh, 08h
dpt_2880k:              db 0AFh, 02h, 25h, 02h, 36, 1Bh, 0FFh, 53h, 0F6h, 0Fh, 08h

; FDC command (MT = multi-track, MFM, SK = skip deleted) and DMA mode (single transfer, channel 2; write to memory
; 46h, read from memory 4Ah, verify 42h) per operation.
fd_commands:    db 0E6h, 0C5h, 0E6h, 4Dh
fd_dma_modes:   db 46h, 4Ah, 42h, 4Ah

; Sends AL to the FDC when its main status register says it waits for a command byte (RQM=1, DIO=0).
%macro FDC_OUT 1
        mov al, %1
        call fdc_out
        jc .controller_timeout
%endmacro

floppy_entry_handler:
        sti
        cld
floppy_handler:
        SERVICE_ENTER
        push ax                         ; [bp-2]: the caller's AX (AL = sector count)
        mov si, BDA_SEG
        mov ds, si
        cmp ah, 18h
        ja fd_fn_invalid
        mov bl, ah
        xor bh, bh
        shl bx, 1
        mov si, [cs:floppy_functions + bx]
        mov bx, [bp + FRAME_BX]
        jmp si

floppy_functions:
        dw fd_fn_reset, fd_fn_status, fd_fn_read, fd_fn_write, fd_fn_verify, fd_fn_format
        dw fd_fn_invalid, fd_fn_invalid, fd_fn_parameters
        dw fd_fn_invalid, fd_fn_invalid, fd_fn_invalid, fd_fn_invalid, fd_fn_invalid, fd_fn_invalid
        dw fd_fn_invalid, fd_fn_invalid, fd_fn_invalid, fd_fn_invalid, fd_fn_invalid, fd_fn_invalid
        dw fd_fn_drive_type, fd_fn_change_line, fd_fn_set_type, fd_fn_set_media

; Exits: AH = status, kept at 40:41; CF = status not zero. The motor keeps running for the parameter table's delay.
floppy_done:
        mov [bda_fd_status], ah
        push ax
        mov si, 2
        call fd_param
        mov [bda_fd_motor_count], al
        pop ax
        and byte [bp + FRAME_FLAGS], 0FEh
        test ah, ah
        jz floppy_leave
        or byte [bp + FRAME_FLAGS], 01h
floppy_leave:
        add sp, 2
        SERVICE_LEAVE
; Exit with CF=0 and 40:41 untouched (AH=15h returns a drive type in AH).
floppy_return_clc:
        and byte [bp + FRAME_FLAGS], 0FEh
        jmp floppy_leave

fd_fn_invalid:
        mov ah, 01h
        jmp floppy_done

; AH=00h: reset the controller.
fd_fn_reset:
        call fdc_reset
        mov al, [bp - 2]
        jmp floppy_done

; AH=01h: AH = status of the last operation.
fd_fn_status:
        mov ah, [bda_fd_status]
        mov al, 0
        jmp floppy_done

fd_fn_read:
        mov di, FD_READ
        jmp fd_transfer
fd_fn_write:
        mov di, FD_WRITE
        jmp fd_transfer
fd_fn_verify:
        mov di, FD_VERIFY
        jmp fd_transfer
fd_fn_format:
        mov di, FD_FORMAT

; AH=02h-05h: AL = sectors, CH = cylinder, CL = sector, DH = head, DL = drive, ES:BX = buffer. On success AL = the
; sectors transferred. Until the drive's media is known each candidate data rate is tried in turn.
fd_transfer:
        call fd_drive_type
        mov ah, 80h
        test al, al
        jz .fail
        mov ah, 01h
        cmp byte [bp - 2], 0
        je .fail
        call fd_motor_on
        call fd_check_change
        test ah, ah
        jnz .fail
        mov bl, dl
        xor bh, bh
        test byte [bda_fd_media + bx], FD_ESTABLISHED
        jz .detect
        call fd_attempt
        jmp .result
.detect:
        call fd_drive_type
        mov ah, 0
        shl ax, 1
        shl ax, 1
        mov si, ax
        add si, fd_candidates
.candidate:
        mov al, [cs:si]
        cmp al, 0FFh
        je .result
        call fd_set_media
        call fd_attempt
        cmp di, FD_FORMAT
        je .established
        test ah, ah
        jz .established
        cmp ah, 03h                     ; write protected: the rate was right
        je .established
        cmp ah, 02h                     ; no address mark: the controller cannot read the disk at this rate
        jne .result
        inc si
        push ax
        mov al, [cs:si]
        cmp al, 0FFh
        pop ax
        je .result
        jmp .candidate
.established:
        call fd_establish
.result:
        mov al, [bp - 2]
        test ah, ah
        jz .done
.fail:
        mov al, 0
.done:
        jmp floppy_done

; AL = media index for drive DL, not yet established: its data rate, double stepping and the AT's state code (0-2
; for the 360 KB and 1.2 MB cases, which are media indexes 0-2; 7 for the others) go to 40:90 (RBIL MEM 40:90).
fd_set_media:
        push ax
        push bx
        push si
        mov bl, al
        xor bh, bh
        mov si, bx
        shl si, 1
        shl si, 1
        shl si, 1
        add si, fd_media_table
        mov ah, [cs:si + MEDIA_RATE]
        ror ah, 1
        ror ah, 1
        test byte [cs:si + MEDIA_FLAGS], 1
        jz .single
        or ah, FD_DOUBLE_STEP
.single:
        cmp al, 2
        jbe .state
        mov al, FD_STATE_OTHER
.state:
        or al, ah
        mov bl, dl
        xor bh, bh
        mov [bda_fd_media + bx], al
        pop si
        pop bx
        pop ax
        ret

; DL = drive: marks the media recorded in 40:90 as established; the AT's "trying" state codes 0-2 become the
; "established" codes 3-5.
fd_establish:
        push ax
        push bx
        mov bl, dl
        xor bh, bh
        mov al, [bda_fd_media + bx]
        mov ah, al
        and ah, FD_STATE
        cmp ah, 2
        ja .mark
        add al, 3
.mark:
        or al, FD_ESTABLISHED
        mov [bda_fd_media + bx], al
        pop bx
        pop ax
        ret

; DL = drive -> SI = the media entry of its drive type's candidate that has the data rate recorded in 40:90 (the
; drive's own media when none has).
fd_media:
        push ax
        push bx
        push cx
        mov bl, dl
        xor bh, bh
        mov cl, [bda_fd_media + bx]
        rol cl, 1
        rol cl, 1
        and cl, 03h
        call fd_drive_type
        mov ah, 0
        shl ax, 1
        shl ax, 1
        mov bx, ax
        add bx, fd_candidates
        mov al, [cs:bx]                 ; the drive's own media, unless a candidate below has the rate
.candidate:
        mov ah, [cs:bx]
        cmp ah, 0FFh
        je .found
        push ax
        mov al, ah
        mov ah, MEDIA_SIZE
        mul ah
        mov si, ax
        pop ax
        cmp cl, [cs:fd_media_table + si + MEDIA_RATE]
        je .rate
        inc bx
        jmp .candidate
.rate:
        mov al, [cs:bx]
.found:
        cmp al, 0FFh
        jne .entry
        xor al, al
.entry:
        mov ah, MEDIA_SIZE
        mul ah
        add ax, fd_media_table
        mov si, ax
        pop cx
        pop bx
        pop ax
        ret

; DL = drive -> AL = its type from the configuration block, 0 when the drive does not exist.
fd_drive_type:
        xor al, al
        cmp dl, [cs:cfg_fd_count]
        jae .done
        push bx
        mov bl, dl
        xor bh, bh
        mov al, [cs:cfg_fd_types + bx]
        pop bx
.done:
        ret

; One try of operation DI with the media recorded for the drive: data rate, seek, DMA, command, result.
; Request from the caller's registers in the frame. -> AH = status.
fd_attempt:
        push bx
        push cx
        push dx
        push si
        push es
        mov dx, [bp + FRAME_DX]
        mov cx, [bp + FRAME_CX]
        call fd_media
        ; The rate goes to the CCR on every machine: the AT's adapter and the XT adapters for high-density drives
        ; have one; IBM's PC/XT adapter decodes no 3F7h and runs at 250 kbit/s, the rate of every medium its
        ; drives take (IBM PC/XT TR, diskette adapter).
        push dx
        mov al, [cs:si + MEDIA_RATE]
        mov dx, FDC_DIR
        out dx, al
        pop dx
        ror al, 1
        ror al, 1
        mov [bda_fd_rate], al
        mov al, ch
        test byte [cs:si + MEDIA_FLAGS], 1
        jz .single_step
        shl al, 1
.single_step:
        call fd_seek
        test ah, ah
        jnz .out
        mov al, [bp - 2]
        xor ah, ah
        cmp di, FD_FORMAT
        je .format_bytes
        mov ah, al                      ; sectors * 512
        xor al, al
        shl ax, 1
        jmp .bytes
.format_bytes:
        shl ax, 1                       ; 4 address bytes (C, H, R, N) per sector
        shl ax, 1
.bytes:
        mov cx, ax
        mov al, [cs:fd_dma_modes + di]
        mov es, [bp + FRAME_ES]
        mov bx, [bp + FRAME_BX]
        call fd_dma_setup
        test ah, ah
        jnz .out
        mov cx, [bp + FRAME_CX]
        and byte [bda_fd_recal], 7Fh
        FDC_OUT [cs:fd_commands + di]
        mov al, dh
        and al, 1
        shl al, 1
        shl al, 1
        or al, dl
        call fdc_out
        jc .controller_timeout
        cmp di, FD_FORMAT
        je .format
        FDC_OUT ch
        FDC_OUT dh
        mov al, cl
        and al, 3Fh
        call fdc_out
        jc .controller_timeout
        mov si, 3
        call fd_param
        call fdc_out
        jc .controller_timeout
        call fd_media
        push si
        mov si, 4                       ; EOT from the INT 1Eh table, which DOS sets to its disk's sectors per track
        call fd_param                   ; (IBM PC AT TR, diskette BIOS: the command's EOT is the table's)
        pop si
        call fdc_out
        jc .controller_timeout
        FDC_OUT [cs:si + MEDIA_GAP]
        push si
        mov si, 6
        call fd_param
        pop si
        call fdc_out
        jc .controller_timeout
        jmp .execute
.format:
        push si
        mov si, 3
        call fd_param
        call fdc_out
        pop si
        jc .controller_timeout
        FDC_OUT [bp - 2]
        FDC_OUT [cs:si + MEDIA_FORMAT_GAP]
        mov si, 8
        call fd_param
        call fdc_out
        jc .controller_timeout
.execute:
        call fdc_wait_irq
        jc .timeout
        call fdc_results
        jc .controller_timeout
        call fd_status_from_results
        jmp .out
.timeout:
        call fdc_reset
        mov ah, 80h
        jmp .out
.controller_timeout:
        call fdc_reset
        mov ah, 20h
.out:
        pop es
        pop si
        pop dx
        pop cx
        pop bx
        ret

; Maps the result phase in 40:42 (ST0, ST1, ST2) to an INT 13h status (uPD765 data sheet, status registers 0-2).
; Ending on "end of cylinder" alone is how a multi-sector transfer that reaches the track's last sector ends.
fd_status_from_results:
        push bx
        xor ah, ah
        mov al, [bda_fd_result]
        test al, 0C0h
        jz .done
        mov ah, 80h
        test al, 08h                    ; not ready
        jnz .done
        mov ah, 20h
        test al, 80h                    ; invalid command
        jnz .done
        mov bl, [bda_fd_result + 1]
        mov bh, [bda_fd_result + 2]
        xor ah, ah
        cmp bx, 0080h
        je .done
        mov ah, 03h
        test bl, 02h
        jnz .done
        mov ah, 02h
        test bl, 01h
        jnz .done
        test bh, 01h
        jnz .done
        mov ah, 08h
        test bl, 10h
        jnz .done
        mov ah, 10h
        test bl, 20h
        jnz .done
        test bh, 20h
        jnz .done
        mov ah, 04h
        test bl, 84h
        jnz .done
        test bh, 12h
        jnz .done
        mov ah, 20h
.done:
        pop bx
        ret

; DL = drive, DH = head, AL = physical cylinder -> AH = status. Recalibrates first when the drive's 40:3E bit says
; its position is unknown; skips the seek when the head is already there.
fd_seek:
        push bx
        push cx
        mov cl, al
        mov bl, dl
        xor bh, bh
        mov ch, 1
        test dl, dl
        jz .mask
        mov ch, 2
.mask:
        test [bda_fd_recal], ch
        jnz .calibrated
        call fd_recalibrate
        test ah, ah
        jnz .out
        or [bda_fd_recal], ch
        mov byte [bda_fd_cylinder + bx], 0
.calibrated:
        xor ah, ah
        cmp [bda_fd_cylinder + bx], cl
        je .out
        and byte [bda_fd_recal], 7Fh
        FDC_OUT 0Fh
        mov al, dh
        and al, 1
        shl al, 1
        shl al, 1
        or al, dl
        call fdc_out
        jc .controller_timeout
        FDC_OUT cl
        call fdc_wait_irq
        jc .timeout
        call fdc_sense_interrupt
        jc .controller_timeout
        mov byte [bda_fd_cylinder + bx], 0FFh
        test al, 0C0h
        jnz .seek_error
        cmp ah, cl
        jne .seek_error
        mov [bda_fd_cylinder + bx], cl
        xor ah, ah
        jmp .out
.seek_error:
        mov ah, 40h
        jmp .out
.timeout:
        mov ah, 80h
        jmp .out
.controller_timeout:
        mov ah, 20h
.out:
        pop cx
        pop bx
        ret

; DL = drive -> AH = status. Recalibrate steps at most 77 times, so an 80-track drive may need it twice (uPD765
; data sheet, RECALIBRATE: equipment check when track 0 is not reached).
fd_recalibrate:
        push cx
        mov cx, 2
.again:
        and byte [bda_fd_recal], 7Fh
        FDC_OUT 07h
        FDC_OUT dl
        call fdc_wait_irq
        jc .timeout
        call fdc_sense_interrupt
        jc .controller_timeout
        test al, 0D0h
        jz .ok
        loop .again
        mov ah, 40h
        jmp .out
.ok:
        xor ah, ah
        jmp .out
.timeout:
        mov ah, 80h
        jmp .out
.controller_timeout:
        mov ah, 20h
.out:
        pop cx
        ret

; Resets the controller through the digital output register (bit 2 low), waits for its interrupt, senses the
; interrupt status of the four drive slots (polling mode after reset, uPD765 data sheet), and sends SPECIFY with the
; step rate and head times from the INT 1Eh table. -> AH = status.
fdc_reset:
        push cx
        push dx
        push si
        cli
        mov al, [bda_fd_motor]
        mov ah, al
        mov cl, 4
        shl al, cl
        shr ah, cl
        and ah, 03h
        or al, ah
        or al, 08h
        mov dx, FDC_DOR
        out dx, al
        mov cx, 20
.hold:
        loop .hold
        or al, 04h
        out dx, al
        mov byte [bda_fd_recal], 0
        mov word [bda_fd_cylinder], 0FFFFh
        sti
        call fdc_wait_irq
        jc .timeout
        mov cx, 4
.sense:
        call fdc_sense_interrupt
        loop .sense
        FDC_OUT 03h
        xor si, si
        call fd_param
        call fdc_out
        jc .controller_timeout
        mov si, 1
        call fd_param
        call fdc_out
        jc .controller_timeout
        xor ah, ah
        jmp .out
.timeout:
        mov ah, 80h
        jmp .out
.controller_timeout:
        mov ah, 20h
.out:
        pop si
        pop dx
        pop cx
        ret

; DL = drive: selects it and starts its motor (digital output register: bits 4-7 motors, bit 3 DMA and IRQ enable,
; bit 2 not reset, bits 0-1 drive). The motor-off countdown is held until the operation ends. A write waits for the
; motor to reach speed (INT 1Eh table byte 10, in 1/8 s).
fd_motor_on:
        push ax
        push cx
        push dx
        cli
        mov byte [bda_fd_motor_count], 0FFh
        mov cl, dl
        mov ah, 1
        shl ah, cl
        mov al, [bda_fd_motor]
        mov ch, al
        and al, 0CFh
        or al, ah
        mov cl, 4
        mov dh, dl
        shl dh, cl
        or al, dh
        mov [bda_fd_motor], al
        and al, 0Fh
        shl al, cl
        or al, 0Ch
        or al, dl
        mov dx, FDC_DOR
        out dx, al
        sti
        test ch, ah
        jnz .running
        cmp di, FD_WRITE
        je .spin_up
        cmp di, FD_FORMAT
        jne .running
.spin_up:
        push si
        mov si, 10
        call fd_param
        pop si
        mov ah, 9
        mul ah
        mov cl, 2
        shr ax, cl                      ; 1/8 s units to ticks: * 18.2 / 8
        inc ax
        mov cx, ax
        call wait_ticks
.running:
        pop dx
        pop cx
        pop ax
        ret

; AT drives with a change line (all types but 360 KB): DIR bit 7 reports a disk change since the last step. A seek
; clears it when a disk is in; still set means no disk (IBM AT TR, diskette change line). DL = drive -> AH = 0,
; 06h (changed) or 80h (no disk).
fd_check_change:
        xor ah, ah
        cmp byte [cs:cfg_machine], MACHINE_AT
        jne .done
        call fd_drive_type
        cmp al, 1
        jbe .done
        push dx
        mov dx, FDC_DIR
        in al, dx
        pop dx
        test al, 80h
        jz .done
        push bx
        mov bl, dl
        xor bh, bh
        and byte [bda_fd_media + bx], ~FD_ESTABLISHED
        mov al, 1
        call fd_seek
        mov al, 0
        call fd_seek
        pop bx
        push dx
        mov dx, FDC_DIR
        in al, dx
        pop dx
        mov ah, 06h
        test al, 80h
        jz .done
        mov ah, 80h
.done:
        ret

; Programs DMA channel 2 (8237A: mask, clear byte pointer, mode, address, page register 81h, count - 1, unmask):
; AL = mode, ES:BX = buffer, CX = bytes, DI = operation -> AH = 0, or 09h when the buffer crosses a 64 KB
; boundary, which the 8237A's 16-bit address counter cannot (IBM PC/XT TR, DMA page registers).
fd_dma_setup:
        push bx
        push cx
        push dx
        push ax
        mov ax, es
        mov dl, ah
        shr dl, 1
        shr dl, 1
        shr dl, 1
        shr dl, 1
        shl ax, 1
        shl ax, 1
        shl ax, 1
        shl ax, 1
        add ax, bx
        adc dl, 0
        cmp di, FD_VERIFY
        je .in_bounds
        mov bx, cx
        dec bx
        add bx, ax
        jnc .in_bounds
        pop ax
        mov ah, 09h
        jmp .out
.in_bounds:
        mov bx, ax
        cli
        mov al, 06h
        out DMA_MASK, al
        out DMA_FLIPFLOP, al
        pop ax
        out DMA_MODE, al
        mov al, bl
        out DMA_CH2_ADDR, al
        mov al, bh
        out DMA_CH2_ADDR, al
        mov al, dl
        out DMA_CH2_PAGE, al
        dec cx
        mov al, cl
        out DMA_CH2_COUNT, al
        mov al, ch
        out DMA_CH2_COUNT, al
        mov al, 02h
        out DMA_MASK, al
        sti
        xor ah, ah
.out:
        pop dx
        pop cx
        pop bx
        ret

; SI = index into the diskette parameter table INT 1Eh points to -> AL = that byte.
fd_param:
        push bx
        push ds
        xor bx, bx
        mov ds, bx
        lds bx, [1Eh * 4]
        mov al, [bx + si]
        pop ds
        pop bx
        ret

; Waits up to 2 s for IRQ 6 (INT 0Eh sets 40:3E bit 7). CF=1 on timeout.
fdc_wait_irq:
        push ax
        push bx
        push cx
        mov bx, 0400h + bda_fd_recal
        mov ah, 80h
        mov cx, 37
        call wait_flag
        pop cx
        pop bx
        pop ax
        ret

; Writes AL to the FDC data register once the main status register shows RQM=1, DIO=0. CF=1 on timeout.
fdc_out:
        push ax
        push cx
        push dx
        mov ah, al
        mov dx, FDC_MSR
        xor cx, cx
.poll:
        in al, dx
        and al, 0C0h
        cmp al, 80h
        je .ready
        loop .poll
        stc
        jmp .out
.ready:
        mov al, ah
        mov dx, FDC_DATA
        out dx, al
        clc
.out:
        pop dx
        pop cx
        pop ax
        ret

; Reads a result byte into AL once RQM=1, DIO=1. CF=1 on timeout, or at once when the FDC asks for a command
; (RQM=1, DIO=0): the result phase is over.
fdc_in:
        push cx
        push dx
        mov dx, FDC_MSR
        xor cx, cx
.poll:
        in al, dx
        and al, 0C0h
        cmp al, 0C0h
        je .ready
        cmp al, 80h
        je .none
        loop .poll
.none:
        stc
        jmp .out
.ready:
        mov dx, FDC_DATA
        in al, dx
        clc
.out:
        pop dx
        pop cx
        ret

; SENSE INTERRUPT STATUS -> AL = ST0, AH = present cylinder. CF=1 when the FDC does not answer.
fdc_sense_interrupt:
        mov al, 08h
        call fdc_out
        jc .out
        call fdc_in
        jc .out
        mov ah, al
        call fdc_in
        xchg al, ah
.out:
        ret

; Reads the 7 result bytes of a read/write/format command into 40:42-40:48. CF=1 if they do not come.
fdc_results:
        push cx
        push di
        mov di, bda_fd_result
        mov cx, 7
.next:
        call fdc_in
        jc .out
        mov [di], al
        inc di
        loop .next
        clc
.out:
        pop di
        pop cx
        ret

; AH=08h: drive parameters -> BL = drive type, CH = last cylinder, CL = sectors per track, DH = last head,
; DL = number of drives, ES:DI = diskette parameter table, AX = 0.
fd_fn_parameters:
        mov al, [cs:cfg_fd_count]
        mov [bp + FRAME_DX], al
        call fd_drive_type
        test al, al
        jnz .present
        xor ax, ax
        mov [bp + FRAME_BX], ax
        mov [bp + FRAME_CX], ax
        mov [bp + FRAME_DI], ax
        mov [bp + FRAME_ES], ax
        mov byte [bp + FRAME_DX + 1], 0
        jmp floppy_done
.present:
        mov [bp + FRAME_BX], al
        mov byte [bp + FRAME_BX + 1], 0
        mov ah, 0
        shl ax, 1
        shl ax, 1
        mov bx, ax
        mov al, [cs:fd_candidates + bx]
        mov ah, MEDIA_SIZE
        mul ah
        mov si, ax
        add si, fd_media_table
        mov al, [cs:si + MEDIA_SPT]
        mov ah, [cs:si + MEDIA_LAST_CYL]
        mov [bp + FRAME_CX], ax
        mov byte [bp + FRAME_DX + 1], 1
        mov ax, [cs:si + MEDIA_DPT]
        mov [bp + FRAME_DI], ax
        mov [bp + FRAME_ES], cs
        xor ax, ax
        jmp floppy_done

; AH=15h: AH = 0 no drive, 1 drive without change line, 2 drive with change line; CF=0.
fd_fn_drive_type:
        call fd_drive_type
        mov ah, al
        test al, al
        jz .done
        mov ah, 01h
        cmp byte [cs:cfg_machine], MACHINE_AT
        jne .done
        cmp al, 1
        je .done
        mov ah, 02h
.done:
        mov al, [bp - 2]
        jmp floppy_return_clc

; AH=16h: AH = 06h when the disk may have changed (always, for drives without a change line), else 0.
fd_fn_change_line:
        call fd_drive_type
        mov ah, 80h
        test al, al
        jz .done
        mov ah, 06h
        cmp byte [cs:cfg_machine], MACHINE_AT
        jne .done
        cmp al, 1
        je .done
        xor di, di
        call fd_motor_on
        push dx
        mov dx, FDC_DIR
        in al, dx
        pop dx
        mov ah, 06h
        test al, 80h
        jnz .done
        xor ah, ah
.done:
        mov al, [bp - 2]
        jmp floppy_done

; AH=17h: AL = 1 360 KB disk in 360 KB drive, 2 360 KB in 1.2 MB, 3 1.2 MB in 1.2 MB, 4 720 KB: media to format.
fd_fn_set_type:
        call fd_drive_type
        mov ah, 80h
        test al, al
        jz .done
        mov al, [bp - 2]
        mov ah, 01h
        cmp al, 1
        jb .done
        cmp al, 4
        ja .done
        dec al
        mov bl, al
        xor bh, bh
        mov al, [cs:.media + bx]
        call fd_set_media
        call fd_establish
        xor ah, ah
.done:
        mov al, [bp - 2]
        jmp floppy_done
.media: db 0, 1, 2, 3

; AH=18h: CH = last cylinder, CL = sectors per track: picks the drive's media with that geometry for formatting
; -> ES:DI = its parameter table; AH = 0Ch when the drive cannot use such media.
fd_fn_set_media:
        call fd_drive_type
        mov ah, 80h
        test al, al
        jz .done
        mov ah, 0
        shl ax, 1
        shl ax, 1
        mov si, ax
        add si, fd_candidates
.candidate:
        mov al, [cs:si]
        mov ah, 0Ch
        cmp al, 0FFh
        je .done
        mov bl, al
        mov ah, MEDIA_SIZE
        mul ah
        mov di, ax
        add di, fd_media_table
        mov al, cl
        and al, 3Fh
        cmp al, [cs:di + MEDIA_SPT]
        jne .next
        cmp ch, [cs:di + MEDIA_LAST_CYL]
        je .found
.next:
        inc si
        jmp .candidate
.found:
        mov al, bl
        call fd_set_media
        call fd_establish
        mov ax, [cs:di + MEDIA_DPT]
        mov [bp + FRAME_DI], ax
        mov [bp + FRAME_ES], cs
        xor ah, ah
.done:
        mov al, [bp - 2]
        jmp floppy_done

; INT 0Eh (IRQ 6): the FDC finished a command; 40:3E bit 7 tells the waiting service.
int0e_handler:
        push ax
        push ds
        mov ax, BDA_SEG
        mov ds, ax
        or byte [bda_fd_recal], 80h
        mov al, PIC_EOI
        out PIC1_CMD, al
        pop ds
        pop ax
        iret
