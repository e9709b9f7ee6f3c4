; INT 10h in the system ROM. POST points INT 10h at the IBM entry F000:F065, which comes here; a VGA's option ROM at
; C0000h takes the vector during POST (bios/vga/vga-bios.asm), and with a CGA POST gives it to this ROM's CGA
; services (video-cga.asm). This entry forwards to whatever INT 10h vector is installed, for programs that call
; F000:F065 directly, and while the vector is still this entry (no video services at all) it returns with nothing
; done, so POST's messages go nowhere instead of hanging.
int10_forward:
        push ax                         ; two words for the far address to forward to
        push ax
        push bp
        mov bp, sp
        push ds
        push bx
        xor bx, bx
        mov ds, bx
        mov bx, [10h * 4 + 2]
        mov [bp + 4], bx
        cmp bx, BIOS_SEG
        mov bx, [10h * 4]
        mov [bp + 2], bx
        jne .installed                  ; ZF = 0: another segment
        cmp bx, int10_entry             ; ZF = 1: still this entry, nothing installed
.installed:
        pop bx
        pop ds
        pop bp
        je .no_video
        retf                            ; to the installed handler, the caller's interrupt frame still below
.no_video:
        add sp, 4
        iret
