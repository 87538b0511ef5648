// What the diagram of one process instance shows: where the instance is (active), where it has
// been (completed elements, taken flows), where it is stuck (incidents, with a badge counting them).
import { MARKER, type DiagramMarker, type DiagramOverlay } from '../../components/bpmn/types';
import type { ProcessInstance } from './types';

export function instanceMarkers(instance: ProcessInstance): DiagramMarker[] {
  const markers: DiagramMarker[] = [];
  const active = new Set(instance.activeElementIds);
  const stuck = new Set(instance.incidents.filter((i) => i.state === 'ACTIVE').map((i) => i.elementId));
  const completed = new Set(instance.elements.filter((e) => e.state === 'COMPLETED').map((e) => e.elementId));
  const terminated = new Set(
    instance.elements.filter((e) => e.state === 'TERMINATED').map((e) => e.elementId),
  );
  for (const flow of new Set(instance.sequenceFlows))
    markers.push({ elementId: flow, className: MARKER.taken });
  // One colour per element: stuck over active over done.
  for (const id of completed) {
    if (!active.has(id) && !stuck.has(id)) markers.push({ elementId: id, className: MARKER.completed });
  }
  for (const id of terminated) {
    if (!active.has(id) && !stuck.has(id) && !completed.has(id)) {
      markers.push({ elementId: id, className: MARKER.terminated });
    }
  }
  for (const id of active) {
    if (!stuck.has(id)) markers.push({ elementId: id, className: MARKER.active });
  }
  for (const id of stuck) markers.push({ elementId: id, className: MARKER.incident });
  return markers;
}

export function incidentOverlays(
  instance: ProcessInstance,
  title: (count: number) => string,
): DiagramOverlay[] {
  const counts = new Map<string, number>();
  for (const incident of instance.incidents) {
    if (incident.state === 'ACTIVE')
      counts.set(incident.elementId, (counts.get(incident.elementId) ?? 0) + 1);
  }
  return [...counts].map(([elementId, count]) => ({
    elementId,
    text: String(count),
    title: title(count),
    kind: 'incident' as const,
  }));
}
