/** A valid order body for the demo network (one parcel from Shenzhen to Berlin): shown by `serve --demo`, used by tests. */
export function demoOrderBody(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    buyer: { country: 'DE', postcode: '10115', city: 'Berlin' },
    tier: 'standard',
    parcels: [
      {
        pickup: 'Shenzhen',
        weightG: 450,
        dims: { lengthMm: 200, widthMm: 150, heightMm: 40 },
        items: [
          {
            description: 'phone case',
            hsCode: '392690',
            quantity: 1,
            unitValue: { amount: 899, currency: 'USD' },
            originCountry: 'CN',
            weightG: 450,
          },
        ],
      },
    ],
    ...overrides,
  };
}
