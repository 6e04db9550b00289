import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  type DocumentProblem,
  documentCatalogue,
  parseDocumentKind,
  shipmentDocument,
} from '../../../core/documents/index.ts';
import type { Principal } from '../../auth/keys.ts';
import { renderManifestPdf, renderShipmentDocument } from '../../documents/render.ts';
import { documentRules } from '../../documents/rules.ts';
import { departureManifest, type DocumentDeps, shipmentFacts } from '../../service/documents.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { COMMON_ERRORS, idParam, problemResponses } from '../openapi-common.ts';
import { forbidden, HttpProblem, notFound } from '../problem.ts';

const errors = {
  ...COMMON_ERRORS,
  ...problemResponses({
    404: 'No such shipment (or not yours), or the document does not apply to it: the detail says why',
    409: "The document cannot be made yet: the seller's profile or the buyer's address is missing, or the shipment is void",
  }),
};

const Pdf = { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } };

const DocumentList = z
  .object({
    shipmentId: z.string(),
    documents: z.array(
      z.object({
        kind: z
          .string()
          .describe('invoice, packing-list, cn22, cn23, label (all parcels) or label-N'),
        title: z.string(),
        href: z.string(),
        contentType: z.literal('application/pdf'),
        fileName: z.string(),
      }),
    ),
    unavailable: z.array(z.object({ kind: z.string(), reason: z.string() })),
    warnings: z.array(z.string()),
  })
  .openapi('ShipmentDocuments');

/** Operators see every tenant's shipments, sellers their own; partners none (as GET /v1/shipments/{id}). */
function tenantScope(p: Principal): string | null {
  if (p.role === 'partner') throw notFound('shipment');
  return p.role === 'operator' ? null : p.tenantId;
}

/** A document the core could not make, as a problem: 404 when it does not apply, 409 when it cannot be made yet. */
function documentProblem(p: DocumentProblem): HttpProblem {
  switch (p.code) {
    case 'not-postal':
    case 'no-such-form':
    case 'no-such-parcel':
      return new HttpProblem(404, 'Not found', p.message);
    default:
      return new HttpProblem(409, 'Conflict', p.message, p.fields);
  }
}

function pdfResponse(bytes: Buffer, fileName: string): Response {
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${fileName}"`,
      'content-length': String(bytes.length),
    },
  });
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Shipment documents (invoice, packing list, CN 22/23, labels) and departure manifests, as PDF (and CSV). */
export function registerDocumentRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const docDeps: DocumentDeps = {
    db: deps.store.db,
    network: deps.planning.network,
    ids: deps.ids,
    clock: deps.clock,
  };

  const factsFor = async (principal: Principal, id: string) => {
    const got = await shipmentFacts(docDeps, id, tenantScope(principal));
    if (!got.ok)
      throw got.status === 404
        ? notFound('shipment')
        : new HttpProblem(409, 'Conflict', got.message);
    return got.facts;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/shipments/{id}/documents',
      summary: "A shipment's documents: links to each PDF, and why the others do not apply",
      security: [{ bearer: [] }],
      request: { params: idParam('shp') },
      responses: {
        200: {
          description: 'The documents',
          content: { 'application/json': { schema: DocumentList } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const facts = await factsFor(c.get('principal'), id);
      const catalogue = documentCatalogue(facts, await documentRules());
      if (!catalogue.ok) throw documentProblem(catalogue.error);
      return c.json(
        {
          shipmentId: id,
          documents: catalogue.value.available.map((e) => ({
            kind: e.kind,
            title: e.title,
            href: `/v1/shipments/${id}/documents/${e.kind}`,
            contentType: 'application/pdf' as const,
            fileName: e.fileName,
          })),
          unavailable: [...catalogue.value.unavailable],
          warnings: [...catalogue.value.warnings],
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/shipments/{id}/documents/{kind}',
      summary:
        'One document of a shipment as PDF: invoice, packing-list, cn22, cn23, label (all parcels) or label-N',
      security: [{ bearer: [] }],
      request: {
        params: idParam('shp').extend({
          kind: z
            .string()
            .max(40)
            .openapi({ param: { name: 'kind', in: 'path' }, example: 'label-1' }),
        }),
      },
      responses: { 200: { description: 'The PDF', content: Pdf }, ...errors },
    }),
    async (c) => {
      const { id, kind } = c.req.valid('param');
      const request = parseDocumentKind(kind);
      const facts = await factsFor(c.get('principal'), id);
      if (!request)
        throw new HttpProblem(
          404,
          'Not found',
          `no document kind "${kind}": the kinds are invoice, packing-list, cn22, cn23, label (all parcels) and label-1 … label-N`,
        );
      const doc = shipmentDocument(facts, await documentRules(), request);
      if (!doc.ok) throw documentProblem(doc.error);
      const bytes = await renderShipmentDocument(doc.value, facts.issuedAtMs);
      return pdfResponse(bytes, `${kind}-${id}.pdf`) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/manifests',
      summary:
        'The manifest of a line-haul departure (service and departure instant): its parcels and their declarations, as PDF or CSV',
      security: [{ bearer: [] }],
      request: {
        query: z.object({
          serviceId: z.string().min(1).max(200),
          departs: z
            .string()
            .regex(INSTANT, 'must be an ISO 8601 instant with an offset, e.g. 2026-11-27T22:00:00Z')
            .describe("the departure instant, as the plan's leg carries it"),
          format: z.enum(['pdf', 'csv']).default('pdf'),
        }),
      },
      responses: {
        200: {
          description: 'The manifest',
          content: { ...Pdf, 'text/csv': { schema: z.string() } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      const { serviceId, departs, format } = c.req.valid('query');
      const service = deps.planning.network.services.get(serviceId);
      if (principal.role === 'seller') throw forbidden('manifests are for operators and partners');
      // A partner sees only the manifests of its own services; another's is as unknown as none.
      if (!service || (principal.role === 'partner' && principal.partnerId !== service.partnerId))
        throw new HttpProblem(
          404,
          'Not found',
          `no service "${serviceId}" of yours in the network`,
        );
      const departsAtMs = Date.parse(departs);
      if (Number.isNaN(departsAtMs))
        throw new HttpProblem(400, 'Invalid request', undefined, [
          { field: 'departs', message: `"${departs}" is not a real instant` },
        ]);
      const got = await departureManifest(docDeps, serviceId, departsAtMs);
      if (!got.ok) throw new HttpProblem(404, 'Not found', got.message);
      const stamp = new Date(departsAtMs)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z');
      const name = `manifest-${serviceId}-${stamp}`;
      if (format === 'csv')
        return new Response(got.manifest.csv, {
          status: 200,
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="${name}.csv"`,
          },
        }) as never;
      const bytes = await renderManifestPdf(got.manifest, deps.clock.now().getTime());
      return pdfResponse(bytes, `${name}.pdf`) as never;
    },
  );
}
