// A package without type declarations that a type-checked JavaScript file imports.
declare module 'gulp';
