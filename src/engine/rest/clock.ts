// The engine clock over HTTP, in the two shapes clients know:
// - Camunda 8.8 REST (alpha): PUT /v2/clock {"timestamp"} and POST /v2/clock/reset, both 204.
// - Zeebe's management actuator: GET /actuator/clock, POST /actuator/clock/pin {"epochMilli"},
//   POST /actuator/clock/add {"offsetMilli"}, DELETE /actuator/clock; each answers
//   {"epochMilli", "instant"} with the clock after the change.
// Changing the clock needs clockControlled (ZEEBE_CLOCK_CONTROLLED); otherwise 403.
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { EngineApi, EngineClockState } from '../api.js';
import { forbidden, parseBody } from './problem.js';

const epochMs = z.number().int().min(0).max(8_640_000_000_000_000);
const pinV2Body = z.object({ timestamp: epochMs });
const pinActuatorBody = z.object({ epochMilli: epochMs });
const addActuatorBody = z.object({ offsetMilli: z.number().int() });

export interface ActuatorClockResponse {
  epochMilli: number;
  /** ISO-8601 instant in UTC, e.g. "2021-10-31T09:36:04.533Z". */
  instant: string;
}

export function actuatorClockResponse(state: EngineClockState): ActuatorClockResponse {
  return { epochMilli: state.instant, instant: new Date(state.instant).toISOString() };
}

export function clockRouter({
  engine,
  clockControlled,
}: {
  engine: EngineApi;
  clockControlled: boolean;
}): Router {
  const router = Router();

  const requireControlled: RequestHandler = (req, _res, next) => {
    if (clockControlled) {
      next();
      return;
    }
    next(
      forbidden(
        `Expected to modify the engine clock (${req.method} ${req.path}), but the clock is not controlled; ` +
          'start the engine with ZEEBE_CLOCK_CONTROLLED=true to allow it',
      ),
    );
  };

  router.put('/v2/clock', requireControlled, async (req, res) => {
    const { timestamp } = parseBody(pinV2Body, req.body);
    await engine.pinClock(timestamp);
    res.status(204).end();
  });

  router.post('/v2/clock/reset', requireControlled, async (_req, res) => {
    await engine.resetClock();
    res.status(204).end();
  });

  router.get('/actuator/clock', (_req, res) => {
    res.json(actuatorClockResponse(engine.clock()));
  });

  router.post('/actuator/clock/pin', requireControlled, async (req, res) => {
    const { epochMilli } = parseBody(pinActuatorBody, req.body);
    res.json(actuatorClockResponse(await engine.pinClock(epochMilli)));
  });

  router.post('/actuator/clock/add', requireControlled, async (req, res) => {
    const { offsetMilli } = parseBody(addActuatorBody, req.body);
    res.json(actuatorClockResponse(await engine.addClockOffset(offsetMilli)));
  });

  router.delete('/actuator/clock', requireControlled, async (_req, res) => {
    res.json(actuatorClockResponse(await engine.resetClock()));
  });

  return router;
}
