/** Vite's `?inline` CSS import: the stylesheet as a string (the annotator puts it in its shadow root). */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
