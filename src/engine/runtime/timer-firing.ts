// A due timer fires once: it is marked triggered, a cycle schedules its next firing, and the
// event is delivered to the element instance waiting for it.
import { nextCycleDue } from '../timers/index.js';
import type { Runtime } from './runtime.js';
import { createTimer } from './subscriptions.js';
import { triggerEvent } from './triggers.js';

/** Returns false when the timer is gone, already fired or not yet due. */
export function fireTimer(runtime: Runtime, timerKey: string): boolean {
  const { ctx } = runtime;
  const timer = ctx.timers.get(timerKey);
  if (!timer || timer.state !== 'ACTIVE' || timer.dueAt > ctx.now) return false;
  timer.state = 'TRIGGERED';
  ctx.timers.touch(timer);
  ctx.records.push({
    key: timer.key,
    valueType: 'TIMER',
    intent: 'TRIGGERED',
    processInstanceKey: ctx.instance.key,
    timestamp: ctx.now,
    value: { dueDate: timer.dueAt, elementId: timer.elementId, repetitions: timer.repetitions },
  });
  // The next firing exists before delivery: an interrupting trigger closes it again with its waiter.
  if (timer.cycle && (timer.repetitions === null || timer.repetitions > 1)) {
    createTimer(runtime, {
      dueAt: nextCycleDue(timer.cycle, timer.dueAt),
      elementInstanceKey: timer.elementInstanceKey,
      elementId: timer.elementId,
      repetitions: timer.repetitions === null ? null : timer.repetitions - 1,
      cycle: timer.cycle,
    });
  }
  return triggerEvent(runtime, timer.elementInstanceKey!, timer.elementId, {});
}
