import { describe, expect, it } from 'vitest';
import { loadOrder } from './orders.ts';

describe('the load generator’s orders', () => {
  it('are the same for the same seed and number, with ids unique within a run', () => {
    expect(loadOrder(3, 17)).toEqual(loadOrder(3, 17));
    expect(loadOrder(3, 17)).not.toEqual(loadOrder(4, 17));
    const ids = new Set(Array.from({ length: 500 }, (_, n) => loadOrder(3, n).id));
    expect(ids.size).toBe(500);
  });

  it('ship one parcel of whole grams and millimetres from a demo supplier region, weights adding up', () => {
    for (let n = 0; n < 200; n++) {
      const order = loadOrder(1, n);
      expect(order.buyer.country).toMatch(/^[A-Z]{2}$/);
      const [parcel] = order.parcels;
      expect(['Shenzhen', 'Guangzhou', 'Yiwu']).toContain(parcel!.pickup);
      const item = parcel!.items[0]!;
      expect(Number.isInteger(parcel!.weightG)).toBe(true);
      expect(parcel!.weightG).toBeGreaterThanOrEqual(item.weightG * item.quantity);
      for (const side of Object.values(parcel!.dims)) expect(Number.isInteger(side)).toBe(true);
    }
  });
});
