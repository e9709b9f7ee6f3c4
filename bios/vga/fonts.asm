; Character generator data, drawn for Realmode (emulator/video/font-8x16.ts and font-8x8.ts); bios/build.ts writes
; them as binaries next to the sources before assembling. The 8x16 font is loaded into VGA plane 2 by mode sets;
; the full 8x8 font serves INT 43h and AH=11h, and its upper half INT 1Fh.

font_8x16:
        incbin "font-8x16.bin"
font_8x8:
        incbin "font-8x8.bin"
