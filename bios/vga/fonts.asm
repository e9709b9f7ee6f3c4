; Character generator data, drawn for Realmode (emulator/video/font-8x16.ts, font-8x14.ts and font-8x8.ts);
; bios/build.ts writes them as binaries next to the sources before assembling. The 8x16 font is loaded into VGA
; plane 2 by mode sets; the 8x14 font by AH=11h (01h/11h) and it draws mode 10h's characters (INT 43h); the full
; 8x8 font serves INT 43h in the 200-line modes and AH=11h, and its upper half INT 1Fh.

font_8x16:
        incbin "font-8x16.bin"
font_8x14:
        incbin "font-8x14.bin"
font_8x8:
        incbin "font-8x8.bin"
