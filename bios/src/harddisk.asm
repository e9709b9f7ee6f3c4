; INT 13h fixed-disk services (DL >= 80h, AT only) on an ATA controller at 1F0h-1F7h/3F6h with IRQ 14 (ATA-1,
; X3T9.2/791D: task file registers, IDENTIFY DEVICE, READ/WRITE/VERIFY SECTORS, SEEK, INITIALIZE DEVICE PARAMETERS;
; RBIL INT 13h and the Phoenix EDD 1.1 extensions 41h-48h).
;
; Every request becomes a logical block address: a CHS address from the BIOS geometry (the drive's own, or with
; heads doubled and cylinders halved until at most 1024 cylinders remain), then the drive gets the block in LBA mode
; when IDENTIFY says it can, else as CHS in its own geometry.

; Per-drive facts in the EBDA (EBDA_ATA0/EBDA_ATA1).
ATA_FLAGS       equ 0               ; bit 0 present, bit 1 LBA
ATA_HEADS       equ 1
ATA_SPT         equ 2
ATA_CYLS        equ 4
ATA_TOTAL       equ 6               ; dword: addressable sectors
ATA_PRESENT     equ 1
ATA_LBA         equ 2
; Fixed-disk parameter table fields (IBM AT TR; RBIL INT 41h).
FDPT_CYLS       equ 0
FDPT_HEADS      equ 2
FDPT_PRECOMP    equ 5
FDPT_CONTROL    equ 8
FDPT_LANDING    equ 12
FDPT_SPT        equ 14
; The request being carried out, in the EBDA.
REQ_LBA         equ 80h             ; dword
REQ_COUNT       equ 84h
REQ_OFFSET      equ 86h
REQ_SEGMENT     equ 88h
REQ_COMMAND     equ 8Ah
REQ_UNIT        equ 8Bh
REQ_DONE        equ 8Ch

ATA_CMD_READ    equ 20h
ATA_CMD_WRITE   equ 30h
ATA_CMD_VERIFY  equ 40h
ATA_CMD_SEEK    equ 70h
ATA_CMD_INIT_PARAMS equ 91h
ATA_CMD_IDENTIFY equ 0ECh

; POST: 1 KB extended BIOS data area below the top of memory (40:0E, 40:13), a soft reset of the controller, and
; IDENTIFY for each configured drive; INT 41h/46h point at the parameter tables built from the answers.
hd_init:
        cmp byte [cs:cfg_hd_count], 0
        je .done
        mov ax, [bda_memory_kb]
        dec ax
        mov [bda_memory_kb], ax
        mov cl, 6
        shl ax, cl
        mov [bda_ebda_seg], ax
        mov es, ax
        xor di, di
        mov cx, 512
        xor ax, ax
        rep stosw
        mov byte [es:0], 1
        call ata_reset
        xor bl, bl
.unit:
        cmp bl, [cs:cfg_hd_count]
        jae .vectors
        call ata_identify
        jc .vectors
        inc byte [bda_hd_count]
        inc bl
        cmp bl, 2
        jb .unit
.vectors:
        push ds
        xor ax, ax
        mov ds, ax
        mov ax, es
        mov word [41h * 4], EBDA_FDPT0
        mov [41h * 4 + 2], ax
        mov word [46h * 4], EBDA_FDPT1
        mov [46h * 4 + 2], ax
        pop ds
        mov si, msg_fixed_disks
        call print_string
        mov al, [bda_hd_count]
        xor ah, ah
        call print_decimal
        mov si, msg_crlf
        call print_string
.done:
        ret

msg_fixed_disks: db "Fixed disks: ", 0
msg_crlf:       db 13, 10, 0

; Soft reset through the device control register (SRST, bit 2), interrupts enabled (nIEN = 0).
ata_reset:
        push ax
        push dx
        mov dx, ATA_CONTROL
        mov al, 04h
        out dx, al
        mov cx, 20
.hold:
        loop .hold
        xor al, al
        out dx, al
        call ata_wait_ready
        pop dx
        pop ax
        ret

; BL = unit (0 master, 1 slave), ES = EBDA: IDENTIFY DEVICE into 0000:7C00 (free during POST), then the ATA facts,
; the BIOS geometry and the fixed-disk parameter table; INITIALIZE DEVICE PARAMETERS with the drive's geometry.
; CF=1 when no drive answers.
ata_identify:
        push bx
        call ata_select
        jc .out
        mov dx, ATA_STATUS
        in al, dx
        cmp al, 0FFh
        je .absent
        test al, ATA_DRDY
        jz .absent
        call ata_clear_irq
        mov al, ATA_CMD_IDENTIFY
        out dx, al
        call ata_wait_irq
        jc .out
        mov dx, ATA_STATUS
        in al, dx
        test al, ATA_ERR
        jnz .absent
        test al, ATA_DRQ
        jz .absent
        push es
        xor ax, ax
        mov es, ax
        mov di, 7C00h
        mov cx, 256
        mov dx, ATA_DATA
.word:
        in ax, dx
        stosw
        loop .word
        pop es
        ; ATA record: words 1 (cylinders), 3 (heads), 6 (sectors per track), 49 bit 9 (LBA), 60-61 (LBA sectors).
        mov di, EBDA_ATA0
        test bl, bl
        jz .record
        mov di, EBDA_ATA1
.record:
        push ds
        xor ax, ax
        mov ds, ax
        mov cx, [7C00h + 2]
        mov bl, [7C00h + 6]
        mov bh, [7C00h + 12]
        mov [es:di + ATA_CYLS], cx
        mov [es:di + ATA_HEADS], bx
        mov byte [es:di + ATA_FLAGS], ATA_PRESENT
        test byte [7C00h + 99], 02h
        jz .chs_total
        or byte [es:di + ATA_FLAGS], ATA_LBA
        mov ax, [7C00h + 120]
        mov dx, [7C00h + 122]
        jmp .total
.chs_total:
        mov al, bl                      ; cylinders * heads * sectors per track
        xor ah, ah
        mul cx
        mov si, dx
        mov cl, bh
        xor ch, ch
        mul cx
        push ax
        push dx
        mov ax, si
        mul cx
        pop dx
        add dx, ax
        pop ax
.total:
        pop ds
        mov [es:di + ATA_TOTAL], ax
        mov [es:di + ATA_TOTAL + 2], dx
        ; BIOS geometry: double the heads while more than 1024 cylinders remain and the heads fit in a byte.
        mov cx, [es:di + ATA_CYLS]
        mov bl, [es:di + ATA_HEADS]
.translate:
        cmp cx, 1024
        jbe .geometry
        cmp bl, 127
        ja .cap
        shl bl, 1
        shr cx, 1
        jmp .translate
.cap:
        mov cx, 1024
.geometry:
        mov si, EBDA_FDPT0
        cmp di, EBDA_ATA0
        je .fdpt
        mov si, EBDA_FDPT1
.fdpt:
        mov [es:si + FDPT_CYLS], cx
        mov [es:si + FDPT_LANDING], cx
        mov [es:si + FDPT_HEADS], bl
        mov word [es:si + FDPT_PRECOMP], 0FFFFh
        mov al, [es:di + ATA_SPT]
        mov [es:si + FDPT_SPT], al
        xor al, al
        cmp bl, 8
        jbe .control
        mov al, 08h
.control:
        mov [es:si + FDPT_CONTROL], al
        ; INITIALIZE DEVICE PARAMETERS: sectors per track in the count register, heads - 1 in the head bits.
        pop bx
        push bx
        mov al, [es:di + ATA_SPT]
        mov dx, ATA_COUNT
        out dx, al
        mov al, [es:di + ATA_HEADS]
        dec al
        and al, 0Fh
        mov ah, bl
        mov cl, 4
        shl ah, cl
        or al, ah
        or al, 0A0h
        mov dx, ATA_DRIVE_HEAD
        out dx, al
        call ata_clear_irq
        mov dx, ATA_STATUS
        mov al, ATA_CMD_INIT_PARAMS
        out dx, al
        call ata_wait_irq
        clc
        jmp .out
.absent:
        stc
.out:
        pop bx
        ret

; BL = unit: writes the drive select bit and waits until the drive is not busy. CF=1 on timeout.
ata_select:
        push ax
        push cx
        push dx
        mov al, bl
        mov cl, 4
        shl al, cl
        or al, 0A0h
        mov dx, ATA_DRIVE_HEAD
        out dx, al
        call ata_wait_ready
        pop dx
        pop cx
        pop ax
        ret

; Polls the status register until BSY clears (at most 5 s of timer ticks) -> AL = status; CF=1 on timeout.
ata_wait_ready:
        push bx
        push cx
        push dx
        push ds
        xor bx, bx
        mov ds, bx
        mov bx, [046Ch]
        mov dx, ATA_STATUS
.poll:
        in al, dx
        test al, ATA_BSY
        jz .ready
        sti
        mov cx, [046Ch]
        sub cx, bx
        cmp cx, 91
        jb .poll
        stc
        jmp .out
.ready:
        clc
.out:
        pop ds
        pop dx
        pop cx
        pop bx
        ret

ata_clear_irq:
        push ds
        push ax
        mov ax, BDA_SEG
        mov ds, ax
        mov byte [bda_hd_irq], 0
        pop ax
        pop ds
        ret

; Waits up to 5 s for IRQ 14 (INT 76h sets 40:8E). CF=1 on timeout.
ata_wait_irq:
        push ax
        push bx
        push cx
        mov bx, 0400h + bda_hd_irq
        mov ah, 0FFh
        mov cx, 91
        call wait_flag
        pop cx
        pop bx
        pop ax
        ret

; Carries out the request in the EBDA (DS = EBDA): chunks of at most 128 sectors, each one command; data moves by
; PIO 256 words a sector, the buffer segment advancing 20h per sector. -> AH = status, REQ_DONE = sectors done.
hd_io:
        push bx
        push cx
        push dx
        push si
        push di
        push es
        mov word [REQ_DONE], 0
        mov ax, [REQ_OFFSET]            ; normalise the buffer so a sector never wraps its segment
        mov cl, 4
        shr ax, cl
        add [REQ_SEGMENT], ax
        and word [REQ_OFFSET], 0Fh
.chunk:
        mov cx, [REQ_COUNT]
        sub cx, [REQ_DONE]
        jz .success
        cmp cx, 128
        jbe .chunk_size
        mov cx, 128
.chunk_size:
        mov bl, [REQ_UNIT]
        call ata_select
        jc .timeout
        call hd_set_address
        call ata_clear_irq
        mov al, [REQ_COMMAND]
        mov dx, ATA_STATUS
        out dx, al
        cmp al, ATA_CMD_READ
        je .read
        cmp al, ATA_CMD_WRITE
        je .write
        ; VERIFY and SEEK: one interrupt at the end.
        call ata_wait_irq
        jc .timeout
        call ata_status
        test ah, ah
        jnz .out
        add [REQ_DONE], cx
        jmp .chunk
.read:
        call ata_wait_irq
        jc .timeout
        call ata_status
        test ah, ah
        jnz .out
        test al, ATA_DRQ
        jz .not_ready
        les di, [REQ_OFFSET]
        push cx
        mov cx, 256
        mov dx, ATA_DATA
.read_word:
        in ax, dx
        stosw
        loop .read_word
        pop cx
        add word [REQ_SEGMENT], 20h
        inc word [REQ_DONE]
        loop .read
        jmp .chunk
.write:
        call ata_wait_ready
        jc .timeout
        call ata_status
        test ah, ah
        jnz .out
        test al, ATA_DRQ
        jz .not_ready
        push cx
        push ds
        lds si, [REQ_OFFSET]
        mov cx, 256
        mov dx, ATA_DATA
.write_word:
        lodsw
        out dx, ax
        loop .write_word
        pop ds
        pop cx
        call ata_wait_irq
        jc .timeout
        call ata_status
        test ah, ah
        jnz .out
        add word [REQ_SEGMENT], 20h
        inc word [REQ_DONE]
        loop .write
        jmp .chunk
.success:
        xor ah, ah
        jmp .out
.not_ready:
        mov ah, 0AAh
        jmp .out
.timeout:
        call ata_reset
        mov ah, 80h
.out:
        pop es
        pop di
        pop si
        pop dx
        pop cx
        pop bx
        ret

; Task file for the next chunk: CX sectors from block REQ_LBA + REQ_DONE of unit REQ_UNIT (DS = EBDA).
hd_set_address:
        push ax
        push bx
        push cx
        push dx
        push si
        mov al, cl
        mov dx, ATA_COUNT
        out dx, al
        mov ax, [REQ_LBA]
        mov dx, [REQ_LBA + 2]
        add ax, [REQ_DONE]
        adc dx, 0
        mov si, EBDA_ATA0
        cmp byte [REQ_UNIT], 0
        je .record
        mov si, EBDA_ATA1
.record:
        mov bl, [REQ_UNIT]
        mov cl, 4
        shl bl, cl
        test byte [si + ATA_FLAGS], ATA_LBA
        jz .chs
        or bl, 0E0h
        and dh, 0Fh
        or bl, dh
        push dx
        mov dx, ATA_SECTOR
        out dx, al
        mov al, ah
        inc dx
        out dx, al
        pop ax
        inc dx
        out dx, al
        jmp .drive
.chs:
        ; block / sectors per track = track, remainder + 1 = sector; track / heads = cylinder, remainder = head
        mov cl, [si + ATA_SPT]
        xor ch, ch
        call div32
        push bx
        mov cl, [si + ATA_HEADS]
        call div32
        push bx
        mov dx, ATA_CYL_LO
        out dx, al
        mov al, ah
        inc dx
        out dx, al
        pop bx                          ; head
        pop ax                          ; sector - 1
        inc al
        mov dx, ATA_SECTOR
        out dx, al
        mov al, [REQ_UNIT]
        mov cl, 4
        shl al, cl
        or al, 0A0h
        or bl, al
.drive:
        mov al, bl
        mov dx, ATA_DRIVE_HEAD
        out dx, al
        pop si
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; Reads the status register -> AL = status, AH = INT 13h status (0, or the ATA error mapped: AMNF 02h, TK0NF 40h,
; ABRT 01h, IDNF 04h, UNC 10h, BBK 0Ah; device fault CCh). Keeps status and error in 40:8C/40:8D.
ata_status:
        push dx
        push ds
        push bx
        mov dx, ATA_STATUS
        in al, dx
        mov bx, BDA_SEG
        mov ds, bx
        mov [bda_hd_status_reg], al
        xor ah, ah
        test al, ATA_DF
        jz .no_fault
        mov ah, 0CCh
        jmp .out
.no_fault:
        test al, ATA_ERR
        jz .out
        mov bl, al
        mov dx, ATA_ERROR
        in al, dx
        mov [bda_hd_error_reg], al
        mov ah, 02h
        test al, 01h
        jnz .error
        mov ah, 40h
        test al, 02h
        jnz .error
        mov ah, 01h
        test al, 04h
        jnz .error
        mov ah, 04h
        test al, 10h
        jnz .error
        mov ah, 10h
        test al, 40h
        jnz .error
        mov ah, 0Ah
        test al, 80h
        jnz .error
        mov ah, 20h
.error:
        mov al, bl
.out:
        pop bx
        pop ds
        pop dx
        ret

; INT 76h (IRQ 14): reading the status register acknowledges the drive; 40:8E tells the waiting service. EOI to
; both 8259As (the slave's IR6 cascades through the master's IR2).
int76_handler:
        push ax
        push dx
        push ds
        mov ax, BDA_SEG
        mov ds, ax
        mov dx, ATA_STATUS
        in al, dx
        mov [bda_hd_status_reg], al
        mov byte [bda_hd_irq], 0FFh
        mov al, PIC_EOI
        out PIC2_CMD, al
        out PIC1_CMD, al
        pop ds
        pop dx
        pop ax
        iret
