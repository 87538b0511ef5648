// What a page tells the diagram to show on top of a model: CSS classes on elements (markers) and
// small badges (overlays), both by BPMN element id.

/** The marker classes the diagram styles (BpmnDiagram.vue); pages may combine them. */
export const MARKER = {
  active: 'xf-active',
  completed: 'xf-completed',
  terminated: 'xf-terminated',
  taken: 'xf-taken',
  incident: 'xf-incident',
  selected: 'xf-selected',
  lintError: 'xf-lint-error',
  lintWarning: 'xf-lint-warning',
} as const;

export type MarkerClass = (typeof MARKER)[keyof typeof MARKER];

export interface DiagramMarker {
  elementId: string;
  className: MarkerClass;
}

export interface DiagramOverlay {
  elementId: string;
  /** Short text of the badge, e.g. a count. */
  text: string;
  /** Shown on hover. */
  title?: string;
  kind: 'incident' | 'info';
}

/** A flow node or flow of the shown model, as the diagram knows it after an import. */
export interface DiagramElement {
  id: string;
  name: string | null;
  /** bpmn:UserTask, bpmn:SequenceFlow … */
  type: string;
}
