/**
 * The Deep Linking 2.0 return endpoint (DL 2.0 section 4.5): verifies the LtiDeepLinkingResponse JWT the
 * tool posts against the tool's registered JWKS (iss = client_id, aud = this issuer, known deployment,
 * the `data` handle the platform issued, used once), checks the content items against what the launch
 * accepted, then records them and places them in the course like an LMS would.
 */
import express, { type Router } from 'express';
import { decodeJwt, errors, jwtVerify } from 'jose';
import { acceptTypes, CLAIM } from './claims.js';
import { html, page } from './html.js';
import { newId, type PlatformState } from './state.js';
import { toolKeySet } from './token.js';
import type { ReceivedDeepLink } from './types.js';

class DeepLinkRejected extends Error {}

async function verifyResponse(state: PlatformState, jwt: string): Promise<ReceivedDeepLink> {
  let clientId: string;
  try {
    clientId = String(decodeJwt(jwt).iss ?? '');
  } catch {
    throw new DeepLinkRejected('The response is not a JWT.');
  }
  const tool = state.tools.get(clientId);
  if (!tool) throw new DeepLinkRejected('The response comes from a tool that is not registered (iss).');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(jwt, toolKeySet(tool.jwksUrl), {
      issuer: clientId,
      audience: state.issuer,
      algorithms: ['RS256', 'RS384', 'RS512', 'ES256'],
      requiredClaims: ['exp', 'iat', 'nonce'],
      clockTolerance: 5,
    }));
  } catch (err) {
    const reason = err instanceof errors.JOSEError ? `${err.code}: ${err.message}` : String(err);
    throw new DeepLinkRejected(`The response signature or claims are not valid (${reason}).`);
  }
  if (payload[CLAIM.messageType] !== 'LtiDeepLinkingResponse')
    throw new DeepLinkRejected('message_type must be LtiDeepLinkingResponse.');
  if (payload[CLAIM.version] !== '1.3.0') throw new DeepLinkRejected('version must be 1.3.0.');
  const text = (k: string) => (typeof payload[k] === 'string' ? payload[k] : undefined);
  const deploymentId = text(CLAIM.deploymentId) ?? '';
  if (!tool.deploymentIds.includes(deploymentId))
    throw new DeepLinkRejected('deployment_id is not a deployment of this tool.');
  const data = text(CLAIM.deepLinkingData) ?? '';
  const launch = state.deepLinkData.get(data);
  if (!launch || launch.clientId !== clientId || launch.deploymentId !== deploymentId) {
    throw new DeepLinkRejected('The data claim does not match a deep-linking request this platform made to this tool.');
  }
  const items = payload[CLAIM.deepLinkingContentItems] ?? [];
  if (
    !Array.isArray(items) ||
    !items.every((i) => i && typeof i === 'object' && typeof (i as { type?: unknown }).type === 'string')
  ) {
    throw new DeepLinkRejected('content_items must be a list of items, each with a type.');
  }
  const accepted = acceptTypes(launch.placement);
  const refused = items.find((i) => !accepted.includes((i as { type: string }).type));
  if (refused)
    throw new DeepLinkRejected(
      `This placement does not accept content of type "${(refused as { type: string }).type}".`,
    );
  state.deepLinkData.delete(data);
  return {
    clientId,
    deploymentId,
    placement: launch.placement,
    course: launch.course,
    user: launch.user,
    contentItems: items as Array<Record<string, unknown>>,
    msg: text(CLAIM.deepLinkingMsg),
    log: text(CLAIM.deepLinkingLog),
    errormsg: text(CLAIM.deepLinkingErrorMsg),
    errorlog: text(CLAIM.deepLinkingErrorLog),
    receivedAt: new Date().toISOString(),
  };
}

/** Routes of the deep-linking return endpoint. */
export function deepLinkingRoutes(state: PlatformState): Router {
  const router = express.Router();
  router.post(
    '/api/lti/deep_linking/return',
    express.urlencoded({ extended: false, limit: '256kb' }),
    async (req, res) => {
      const jwt = typeof req.body?.JWT === 'string' ? req.body.JWT : '';
      try {
        const received = await verifyResponse(state, jwt);
        state.received.deepLinks.push(received);
        if (received.course) {
          const course = state.roster.course(received.course);
          for (const item of received.contentItems) {
            const resourceLinkId = item.type === 'ltiResourceLink' ? `dl-${newId(9)}` : undefined;
            course.content.push({
              clientId: received.clientId,
              deploymentId: received.deploymentId,
              item,
              resourceLinkId,
            });
            // DL 2.0 3.1: a resource link may ask for a gradebook column bound to it. Canvas offers no
            // accept_lineitem but makes an assignment from a lineItem in its module and assignment
            // placements only (instructure/canvas-lms app/controllers/lti/ims/concerns/
            // deep_linking_modules.rb, ALLOW_LINE_ITEM_PLACEMENTS); elsewhere it ignores it.
            const li = item.lineItem as Record<string, unknown> | undefined;
            const columns = state.product !== 'canvas' || received.placement === 'link_selection';
            if (columns && resourceLinkId && li && typeof li.scoreMaximum === 'number' && li.scoreMaximum > 0) {
              const lineItem = {
                id: state.newLineItemId(),
                course: course.id,
                clientId: received.clientId,
                scoreMaximum: li.scoreMaximum,
                label:
                  typeof li.label === 'string' && li.label
                    ? li.label.slice(0, 255)
                    : typeof item.title === 'string'
                      ? item.title
                      : 'Tool grade',
                resourceLinkId,
                ...(typeof li.resourceId === 'string' ? { resourceId: li.resourceId } : {}),
                ...(typeof li.tag === 'string' ? { tag: li.tag } : {}),
              };
              state.lineItems.set(lineItem.id, lineItem);
              state.received.lineItems.push({ ...lineItem });
            }
          }
        }
        const toolName = state.tools.get(received.clientId)?.name ?? 'The tool';
        const where = received.course ? state.roster.course(received.course).title : 'your account';
        const count = received.contentItems.length;
        res.type('html').send(
          page({
            title: 'Content added',
            platformName: state.name,
            body: html`<main class="narrow">
              <h1>
                ${count ? `${toolName} added ${count} item${count === 1 ? '' : 's'} to ${where}` : `${toolName} added nothing`}
              </h1>
              ${received.msg ? html`<p role="status">${received.msg}</p>` : ''}
              ${received.errormsg ? html`<p role="alert">${received.errormsg}</p>` : ''}
              <ul>
                ${received.contentItems.map((i) => html`<li>${String(i.title ?? i.url ?? i.type)}</li>`)}
              </ul>
              <p>
                <a href="${received.course ? `/courses/${encodeURIComponent(received.course)}` : '/'}" target="_top"
                  >Back to ${where}</a
                >
              </p>
            </main>`,
          }),
        );
      } catch (err) {
        if (!(err instanceof DeepLinkRejected)) throw err;
        res
          .status(400)
          .type('html')
          .send(
            page({
              title: 'Content refused',
              platformName: state.name,
              body: html`<main class="narrow">
                <h1>The content could not be added</h1>
                <p role="alert">${err.message}</p>
              </main>`,
            }),
          );
      }
    },
  );
  return router;
}
