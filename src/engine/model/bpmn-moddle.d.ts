// bpmn-moddle ships model types but none for its entry point; this is the part we call.
declare module 'bpmn-moddle' {
  export interface ParseWarning {
    message: string;
    /** Unresolved references: the element holding the reference, the property and the id. */
    element?: unknown;
    property?: string;
    value?: unknown;
    /** Unparsable content: the underlying error. */
    error?: unknown;
  }

  export interface ParseResult {
    rootElement: unknown;
    references: unknown[];
    warnings: ParseWarning[];
    elementsById: Record<string, unknown>;
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<ParseResult>;
  }
}
