// fontkit (foliojs) ships no type declarations; pdf-lib only needs it as an opaque object.
declare module 'fontkit';
