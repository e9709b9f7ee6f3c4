; INT 19h bootstrap and INT 18h (no bootable disk). The boot order comes from the configuration block: each entry
; is a BIOS drive number. A diskette must give its first sector; a fixed disk's must also end in 55h AAh (the
; master boot record signature). The sector is loaded at 0000:7C00 and entered with DL = the drive.

int19_handler:
        sti
        cld
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov si, cfg_boot_order
.next_device:
        cmp si, cfg_boot_order + 4
        jae .nothing
        mov dl, [cs:si]
        inc si
        cmp dl, BOOT_END
        je .nothing
        test dl, 80h
        jnz .fixed
        cmp dl, [cs:cfg_fd_count]
        jae .next_device
        push si
        mov si, msg_boot_floppy
        call print_string
        pop si
        jmp .try
.fixed:
        mov al, dl
        and al, 7Fh
        push ds
        mov bx, BDA_SEG
        mov ds, bx
        cmp al, [bda_hd_count]
        pop ds
        jae .next_device
        push si
        mov si, msg_boot_fixed
        call print_string
        pop si
.try:
        mov di, 3                       ; tries, with a reset between: a diskette motor may still be spinning up
.read:
        mov ax, 0201h
        mov bx, 7C00h
        mov cx, 0001h
        xor dh, dh
        int 13h
        jnc .loaded
        cmp ah, 80h                     ; no disk: no point trying again
        je .failed
        xor ah, ah
        int 13h
        dec di
        jnz .read
.failed:
        push si
        mov si, msg_boot_failed
        call print_string
        pop si
        jmp .next_device
.loaded:
        test dl, 80h
        jz .start
        cmp word [7DFEh], 0AA55h
        je .start
        push si
        mov si, msg_no_signature
        call print_string
        pop si
        jmp .next_device
.start:
        push si
        mov si, msg_crlf_boot
        call print_string
        pop si
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 7C00h
        jmp 0000h:7C00h
.nothing:
        int 18h

; INT 18h: on IBM machines ROM BASIC; here a message, a key press, and a new boot attempt.
int18_handler:
        sti
        push cs
        pop ds
        mov si, msg_no_boot
        call print_string
        xor ah, ah
        int 16h
        int 19h

msg_boot_floppy:        db "Booting from floppy...", 0
msg_boot_fixed:         db "Booting from hard disk...", 0
msg_boot_failed:        db " failed", 13, 10, 0
msg_no_signature:       db " not bootable (no 55AAh signature)", 13, 10, 0
msg_crlf_boot:          db 13, 10, 0
msg_no_boot:            db 13, 10, "No bootable disk. Insert a boot disk and press any key to try again.", 13, 10, 0
