import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

/** The OpenAPI 3 document, generated from the routes' schemas, and its viewer at /api/docs. */
export async function registerOpenApi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Zayavka API',
        version: '1.0.0',
        description:
          'The public API of Zayavka, a service desk. Authenticate with the session cookie from ' +
          '`POST /api/v1/auth/login` (send its `csrfToken` as `X-CSRF-Token` on writes) or with ' +
          '`Authorization: Bearer <token>` from `POST /api/v1/tokens`. Errors are `application/problem+json`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token from POST /api/v1/tokens' },
          session: { type: 'apiKey', in: 'cookie', name: 'zy_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
