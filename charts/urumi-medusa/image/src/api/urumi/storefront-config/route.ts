// GET /urumi/storefront-config: the publishable API key the setup Job created (title "Urumi
// storefront"), for the chart's storefront inside the namespace. A publishable key is public by
// design (every storefront page carries it); the chart's Ingress does not route /urumi at all.
import type { MedusaRequest, MedusaResponse } from '@medusajs/framework/http'
import { ContainerRegistrationKeys } from '@medusajs/framework/utils'

export const STOREFRONT_KEY_TITLE = 'Urumi storefront'

export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: 'api_key',
    fields: ['token', 'revoked_at'],
    filters: { type: 'publishable', title: STOREFRONT_KEY_TITLE },
  })
  const key = data.find((k: { revoked_at?: unknown }) => !k.revoked_at)
  if (!key) {
    res.status(503).json({ message: 'The setup Job has not created the storefront key yet.' })
    return
  }
  res.json({ publishable_key: key.token })
}
