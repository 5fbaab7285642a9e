import { modelsFor, type CatalogEntry } from '../../../catalog.ts';
import type { BufferedRoute } from './route.ts';

/** The fields of a catalog entry the app sees. */
function publicView(entry: CatalogEntry) {
  return entry.provider === 'bedrock'
    ? {
        id: entry.id,
        label: entry.label,
        provider: entry.provider,
        limits: entry.limits,
        // The app offers only the images and documents the model accepts.
        ...(entry.attachments && { attachments: entry.attachments }),
      }
    : {
        id: entry.id,
        label: entry.label,
        provider: entry.provider,
        mode: entry.mode,
        contentType: entry.contentType,
        limits: entry.limits,
      };
}

/** `GET /ml/models`: the models the caller may use. */
export const listModels: BufferedRoute = async (invocation, _event, { catalog }) => ({
  data: { models: modelsFor(invocation.caller(), catalog).map(publicView) },
});
