; INT 10h in the system ROM. This BIOS drives no display itself: the machine's adapter is a VGA, whose option ROM at
; C0000h brings the video services and takes the INT 10h vector during POST (bios/vga/vga-bios.asm). POST points
; INT 10h at the IBM entry F000:F065, which comes here: it forwards to whatever INT 10h vector is installed, for
; programs that call F000:F065 directly, and while the vector is still this entry (no video ROM) it returns with
; nothing done, so POST's messages go nowhere instead of hanging.
int10_forward:
        push ax                         ; two words for the far address to forward to
        push ax
        push bp
        mov bp, sp
        push ds
        push bx
        xor bx, bx
        mov ds, bx
        mov bx, [10h * 4]
        mov [bp + 2], bx
        mov bx, [10h * 4 + 2]
        mov [bp + 4], bx
        cmp bx, BIOS_SEG                ; still pointing into this ROM: no video ROM installed
        pop bx
        pop ds
        pop bp
        je .no_video
        retf                            ; to the installed handler, the caller's interrupt frame still below
.no_video:
        add sp, 4
        iret
