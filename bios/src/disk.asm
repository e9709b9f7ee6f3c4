; INT 13h entry: diskettes below drive 80h, fixed disks (AT) from 80h.

int13_handler:
        sti
        cld
        test dl, 80h
        jnz .fixed
        jmp floppy_handler
.fixed:
        cmp byte [cs:cfg_machine], MACHINE_AT
        jne .no_fixed_disks
        jmp hd_handler
.no_fixed_disks:
        mov ah, 01h
        stc
        retf 2

; Fixed-disk functions: 00h reset, 01h status, 02h/03h/04h read/write/verify, 08h parameters, 0Ch seek, 10h ready,
; 15h type, 41h-44h/47h/48h extensions. AH = status, kept at 40:74; CF = status not zero.
hd_handler:
        SERVICE_ENTER
        push ax                         ; [bp-2]: the caller's AX
        mov si, BDA_SEG
        mov ds, si
        mov di, dx
        and di, 7Fh                     ; unit
        cmp ah, 08h
        je hd_fn_parameters
        cmp ah, 15h
        je hd_fn_type
        mov al, dl
        and al, 7Fh
        cmp al, [bda_hd_count]
        jae hd_fn_invalid
        cmp ah, 00h
        je hd_fn_reset
        cmp ah, 01h
        je hd_fn_status
        mov si, ATA_CMD_READ
        cmp ah, 02h
        je hd_fn_chs
        mov si, ATA_CMD_WRITE
        cmp ah, 03h
        je hd_fn_chs
        mov si, ATA_CMD_VERIFY
        cmp ah, 04h
        je hd_fn_chs
        cmp ah, 0Ch
        je hd_fn_seek
        cmp ah, 10h
        je hd_fn_ready
        cmp ah, 41h
        je hd_fn_check_extensions
        mov si, ATA_CMD_READ
        cmp ah, 42h
        je hd_fn_extended
        mov si, ATA_CMD_WRITE
        cmp ah, 43h
        je hd_fn_extended
        mov si, ATA_CMD_VERIFY
        cmp ah, 44h
        je hd_fn_extended
        mov si, ATA_CMD_SEEK
        cmp ah, 47h
        je hd_fn_extended
        cmp ah, 48h
        je hd_fn_extended_parameters
hd_fn_invalid:
        mov ah, 01h
hd_done:
        mov [bda_hd_status], ah
        and byte [bp + FRAME_FLAGS], 0FEh
        test ah, ah
        jz hd_leave
        or byte [bp + FRAME_FLAGS], 01h
hd_leave:
        add sp, 2
        SERVICE_LEAVE
hd_return_clc:
        and byte [bp + FRAME_FLAGS], 0FEh
        jmp hd_leave

; AH=00h: resets the diskette controller too, as the AT BIOS does.
hd_fn_reset:
        call fdc_reset
        call ata_reset
        mov ah, 80h
        jc .done
        xor ah, ah
.done:
        mov al, [bp - 2]
        jmp hd_done

hd_fn_status:
        mov ah, [bda_hd_status]
        mov al, 0
        jmp hd_done

; AH=02h-04h: AL = sectors, CH/CL = cylinder and sector, DH = head, ES:BX = buffer -> AL = sectors done.
hd_fn_chs:
        mov ah, 01h
        cmp byte [bp - 2], 0
        je .fail
        call hd_chs_to_lba              ; DX:AX = block: AH must not be touched on success
        jnc .chs_ok
        mov ah, 04h                     ; sector not found: the address is outside the disk
        jmp .fail
.chs_ok:
        mov cl, [bp - 2]
        xor ch, ch
        mov es, [bp + FRAME_ES]
        mov bx, [bp + FRAME_BX]
        call hd_run
        mov al, cl
        jmp hd_done
.fail:
        mov al, 0
        jmp hd_done

; AH=0Ch: seek to CH/CL/DH.
hd_fn_seek:
        call hd_chs_to_lba              ; DX:AX = block: AH must not be touched on success
        jnc .seek_ok
        mov ah, 04h
        jmp .done
.seek_ok:
        mov cx, 1
        mov si, ATA_CMD_SEEK
        call hd_run
.done:
        mov al, [bp - 2]
        jmp hd_done

; AH=10h: AH = 0 when the drive is ready, AAh when not.
hd_fn_ready:
        mov bx, di
        call ata_select
        mov ah, 80h
        jc .done
        mov dx, ATA_STATUS
        in al, dx
        mov ah, 0AAh
        test al, ATA_DRDY
        jz .done
        xor ah, ah
.done:
        mov al, [bp - 2]
        jmp hd_done

; AH=08h: CH/CL = last cylinder and sectors per track, DH = last head, DL = drives; AX = 0.
hd_fn_parameters:
        mov al, [bda_hd_count]
        mov [bp + FRAME_DX], al
        mov ah, 07h
        cmp di, 2
        jae .fail
        mov bx, di
        cmp bl, al
        jae .fail
        call hd_fdpt
        mov ax, [es:si + FDPT_CYLS]
        dec ax
        mov ch, al
        mov cl, ah
        ror cl, 1
        ror cl, 1
        and cl, 0C0h
        or cl, [es:si + FDPT_SPT]
        mov [bp + FRAME_CX], cx
        mov al, [es:si + FDPT_HEADS]
        dec al
        mov [bp + FRAME_DX + 1], al
        xor ax, ax
        jmp hd_done
.fail:
        mov al, [bp - 2]
        jmp hd_done

; AH=15h: AH = 03h (fixed disk) and CX:DX = sectors, or AH = 0 for no drive; CF=0.
hd_fn_type:
        xor ah, ah
        mov bx, di
        cmp bl, [bda_hd_count]
        jae .done
        call hd_fdpt
        mov al, [es:si + FDPT_HEADS]
        xor ah, ah
        mul word [es:si + FDPT_CYLS]
        mov cl, [es:si + FDPT_SPT]
        xor ch, ch
        mov bx, dx
        mul cx
        push ax
        push dx
        mov ax, bx
        mul cx
        pop dx
        add dx, ax
        pop ax
        mov [bp + FRAME_CX], dx
        mov [bp + FRAME_DX], ax
        mov ah, 03h
.done:
        mov al, [bp - 2]
        jmp hd_return_clc

; AH=41h, BX=55AAh: extensions present -> BX = AA55h, AH = 21h (EDD 1.1), CX bit 0 = functions 42h-44h, 47h, 48h.
hd_fn_check_extensions:
        mov ah, 01h
        cmp word [bp + FRAME_BX], 55AAh
        jne .fail
        mov word [bp + FRAME_BX], 0AA55h
        mov word [bp + FRAME_CX], 0001h
        mov ah, 21h
        mov al, [bp - 2]
        jmp hd_return_clc
.fail:
        mov al, [bp - 2]
        jmp hd_done

; AH=42h/43h/44h/47h: DS:SI = disk address packet (10h bytes: size, reserved, sector count, buffer offset:segment,
; 64-bit block). The count field returns the sectors done. Blocks beyond 28 bits are refused.
hd_fn_extended:
        mov es, [bp + FRAME_DS]
        mov bx, [bp + FRAME_SI]
        mov ah, 01h
        cmp word [es:bx + 12], 0
        jne .fail
        cmp word [es:bx + 14], 0
        jne .fail
        test word [es:bx + 10], 0F000h
        jnz .fail
        mov ax, [es:bx + 8]
        mov dx, [es:bx + 10]
        mov cx, [es:bx + 2]
        cmp si, ATA_CMD_SEEK
        jne .count
        mov cx, 1
.count:
        push es
        push bx
        les bx, [es:bx + 4]
        call hd_run
        pop bx
        pop es
        cmp si, ATA_CMD_SEEK
        je .done
        mov [es:bx + 2], cx
.done:
        mov al, [bp - 2]
        jmp hd_done
.fail:
        mov word [es:bx + 2], 0
        jmp .done

; AH=48h: DS:SI = result buffer (size word first, at least 1Ah) -> size, flags (geometry valid), cylinders, heads,
; sectors per track (dwords), total sectors (qword), bytes per sector.
hd_fn_extended_parameters:
        mov es, [bp + FRAME_DS]
        mov bx, [bp + FRAME_SI]
        mov ah, 01h
        cmp word [es:bx], 1Ah
        jb .done
        push ds
        push es
        push bx
        mov bx, di
        call hd_fdpt
        mov ax, es
        mov ds, ax                      ; DS:SI = FDPT, DS:DI = ATA record
        pop bx
        pop es
        mov di, si
        add di, EBDA_ATA0 - EBDA_FDPT0
        cmp si, EBDA_FDPT0
        je .record
        mov di, EBDA_ATA1
.record:
        xor ax, ax
        mov word [es:bx], 1Ah
        mov word [es:bx + 2], 0002h
        mov cx, [si + FDPT_CYLS]
        mov [es:bx + 4], cx
        mov [es:bx + 6], ax
        mov cl, [si + FDPT_HEADS]
        xor ch, ch
        mov [es:bx + 8], cx
        mov [es:bx + 10], ax
        mov cl, [si + FDPT_SPT]
        mov [es:bx + 12], cx
        mov [es:bx + 14], ax
        mov cx, [di + ATA_TOTAL]
        mov [es:bx + 16], cx
        mov cx, [di + ATA_TOTAL + 2]
        mov [es:bx + 18], cx
        mov [es:bx + 20], ax
        mov [es:bx + 22], ax
        mov word [es:bx + 24], 512
        pop ds
.done:
        mov al, [bp - 2]
        jmp hd_done

; BX = unit -> ES:SI = its fixed-disk parameter table. DS = BIOS data.
hd_fdpt:
        mov es, [bda_ebda_seg]
        mov si, EBDA_FDPT0
        test bx, bx
        jz .done
        mov si, EBDA_FDPT1
.done:
        ret

; CH/CL = cylinder and sector, DH = head, DI = unit -> DX:AX = block, from the BIOS geometry:
; (cylinder * heads + head) * sectors per track + sector - 1. CF=1 when the address is outside the disk.
hd_chs_to_lba:
        push bx
        push cx
        push si
        push es
        mov bx, di
        call hd_fdpt
        mov bl, cl
        and bl, 3Fh
        jz .bad
        cmp bl, [es:si + FDPT_SPT]
        ja .bad
        cmp dh, [es:si + FDPT_HEADS]
        jae .bad
        mov al, ch
        mov ah, cl
        rol ah, 1
        rol ah, 1
        and ah, 03h
        cmp ax, [es:si + FDPT_CYLS]
        jae .bad
        mov bh, dh
        mov cl, [es:si + FDPT_HEADS]
        xor ch, ch
        mul cx
        add al, bh
        adc ah, 0
        adc dx, 0
        mov cl, [es:si + FDPT_SPT]
        mov si, dx
        mul cx
        push ax
        push dx
        mov ax, si
        mul cx
        pop dx
        add dx, ax
        pop ax
        dec bl
        add al, bl
        adc ah, 0
        adc dx, 0
        clc
        jmp .out
.bad:
        stc
.out:
        pop es
        pop si
        pop cx
        pop bx
        ret

; DX:AX = block, CX = sectors, ES:BX = buffer, SI = ATA command, DI = unit; DS = BIOS data -> AH = status,
; CX = sectors done.
hd_run:
        push ds
        mov ds, [bda_ebda_seg]
        mov [REQ_LBA], ax
        mov [REQ_LBA + 2], dx
        mov [REQ_COUNT], cx
        mov [REQ_OFFSET], bx
        mov [REQ_SEGMENT], es
        mov ax, si
        mov [REQ_COMMAND], al
        mov ax, di
        mov [REQ_UNIT], al
        call hd_io
        mov cx, [REQ_DONE]
        pop ds
        ret
