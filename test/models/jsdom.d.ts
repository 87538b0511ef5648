// jsdom ships no types, and the project compiles without the DOM library; this is the part the
// form rendering test uses.
declare module 'jsdom' {
  export interface JsdomElement {
    innerHTML: string;
    readonly textContent: string | null;
    appendChild(child: JsdomElement): JsdomElement;
    querySelector(selectors: string): JsdomElement | null;
    querySelectorAll(selectors: string): ArrayLike<JsdomElement>;
    remove(): void;
  }

  export interface JsdomWindow {
    readonly document: { readonly body: JsdomElement; createElement(tag: string): JsdomElement };
    close(): void;
  }

  export class JSDOM {
    constructor(html?: string, options?: { pretendToBeVisual?: boolean; url?: string });
    readonly window: JsdomWindow;
  }
}
