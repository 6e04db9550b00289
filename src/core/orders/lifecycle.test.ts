import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEG_STATUSES, legTransition, shipmentStatus, TERMINAL_LEG_STATUSES } from './lifecycle.ts';

describe('leg state machine', () => {
  it('moves forward only', () => {
    expect(legTransition('planned', 'booked').ok).toBe(true);
    expect(legTransition('booked', 'in_progress').ok).toBe(false);
    expect(legTransition('done', 'failed').ok).toBe(false);
    expect(legTransition('in_progress', 'booked')).toEqual({
      ok: false,
      error: { tag: 'invalid-transition', from: 'in_progress', to: 'booked' },
    });
  });
  it('never leaves a terminal state', () => {
    for (const from of TERMINAL_LEG_STATUSES)
      for (const to of LEG_STATUSES) expect(legTransition(from, to).ok).toBe(false);
  });
});

describe('shipment status derived from legs', () => {
  it('follows the legs', () => {
    expect(shipmentStatus(['planned', 'planned'])).toBe('planned');
    expect(shipmentStatus(['booked', 'planned'])).toBe('booking');
    expect(shipmentStatus(['booked', 'booked'])).toBe('booked');
    expect(shipmentStatus(['in_progress', 'booked'])).toBe('in_transit');
    expect(shipmentStatus(['done', 'done'])).toBe('delivered');
    expect(shipmentStatus(['done', 'failed'])).toBe('exception');
    expect(shipmentStatus(['cancelled', 'cancelled'])).toBe('cancelled');
  });
  it('is delivered exactly when every leg is done', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...LEG_STATUSES), { minLength: 1, maxLength: 8 }),
        (legs) => {
          expect(shipmentStatus(legs) === 'delivered').toBe(legs.every((l) => l === 'done'));
        },
      ),
    );
  });
});
