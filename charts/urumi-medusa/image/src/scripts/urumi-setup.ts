// The seeding half of the chart's setup Job (charts/urumi-medusa/files/setup.sh runs it with
// `medusa exec` after the migrations). Every step first looks for what it would create, so a retry
// or a re-run creates only what is missing; a failure names its step. Inputs come from the
// environment (URUMI_*; the admin password from the store's Secret), never from arguments.
import type { ExecArgs } from '@medusajs/framework/types'
import { ContainerRegistrationKeys, Modules, ProductStatus } from '@medusajs/framework/utils'
import {
  createApiKeysWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createUserAccountWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from '@medusajs/medusa/core-flows'
import { STOREFRONT_KEY_TITLE } from '../api/urumi/storefront-config/route'

const env = (name: string): string => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set (the chart's setup Job sets it).`)
  return value
}

async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  console.log(`urumi-setup: step ${name}`)
  try {
    return await run()
  } catch (error) {
    throw new Error(`urumi-setup: FAILED at step ${name}: ${(error as Error).message}`)
  }
}

export default async function urumiSetup({ container }: ExecArgs) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const users = container.resolve(Modules.USER)
  const auth = container.resolve(Modules.AUTH)
  const stores = container.resolve(Modules.STORE)
  const regions = container.resolve(Modules.REGION)
  const salesChannels = container.resolve(Modules.SALES_CHANNEL)
  const stockLocations = container.resolve(Modules.STOCK_LOCATION)
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const products = container.resolve(Modules.PRODUCT)
  const currency = env('URUMI_CURRENCY')
  const countries = env('URUMI_COUNTRIES').split(',')

  await step('admin-user', async () => {
    const email = env('URUMI_ADMIN_EMAIL')
    if ((await users.listUsers({ email })).length > 0) return
    const { authIdentity, error } = await auth.register('emailpass', { body: { email, password: env('URUMI_ADMIN_PASSWORD') } } as never)
    if (error || !authIdentity) throw new Error(error ?? 'the emailpass provider registered no identity')
    await createUserAccountWorkflow(container).run({ input: { userData: { email }, authIdentityId: authIdentity.id } })
  })

  const [store] = await stores.listStores()
  const channel = await step('sales-channel', async () => {
    const [existing] = await salesChannels.listSalesChannels({ name: 'Default Sales Channel' })
    const found = existing ?? (await salesChannels.createSalesChannels({ name: 'Default Sales Channel' }))
    await updateStoresWorkflow(container).run({
      input: {
        selector: { id: store.id },
        update: { name: env('URUMI_STORE_TITLE'), default_sales_channel_id: found.id, supported_currencies: [{ currency_code: currency, is_default: true }] },
      },
    })
    return found
  })

  const region = await step('region', async () => {
    const [existing] = await regions.listRegions({ name: 'Urumi' })
    if (existing) return existing
    const { result } = await createRegionsWorkflow(container).run({
      input: { regions: [{ name: 'Urumi', currency_code: currency, countries, payment_providers: ['pp_system_default'] }] },
    })
    return result[0]
  })

  const location = await step('stock-location', async () => {
    const [existing] = await stockLocations.listStockLocations({ name: env('URUMI_STOCK_LOCATION') })
    if (existing) return existing
    const { result } = await createStockLocationsWorkflow(container).run({
      input: { locations: [{ name: env('URUMI_STOCK_LOCATION'), address: { address_1: '', country_code: countries[0].toUpperCase() } }] },
    })
    await link.create({ [Modules.STOCK_LOCATION]: { stock_location_id: result[0].id }, [Modules.FULFILLMENT]: { fulfillment_provider_id: 'manual_manual' } })
    await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: result[0].id, add: [channel.id] } })
    await updateStoresWorkflow(container).run({ input: { selector: { id: store.id }, update: { default_location_id: result[0].id } } })
    return result[0]
  })

  await step('shipping-option', async () => {
    const name = env('URUMI_SHIPPING_NAME')
    if ((await fulfillment.listShippingOptions({ name })).length > 0) return
    const [profile] = await fulfillment.listShippingProfiles({ type: 'default' })
    const shippingProfile = profile ?? (await createShippingProfilesWorkflow(container).run({ input: { data: [{ name: 'Default Shipping Profile', type: 'default' }] } })).result[0]
    const set = await fulfillment.createFulfillmentSets({
      name: `${location.name} delivery`,
      type: 'shipping',
      service_zones: [{ name: 'Urumi', geo_zones: countries.map((country_code) => ({ country_code, type: 'country' as const })) }],
    })
    await link.create({ [Modules.STOCK_LOCATION]: { stock_location_id: location.id }, [Modules.FULFILLMENT]: { fulfillment_set_id: set.id } })
    await createShippingOptionsWorkflow(container).run({
      input: [{
        name,
        price_type: 'flat',
        provider_id: 'manual_manual',
        service_zone_id: set.service_zones[0].id,
        shipping_profile_id: shippingProfile.id,
        type: { label: name, description: 'Flat rate', code: 'urumi-standard' },
        prices: [{ currency_code: currency, amount: Number(env('URUMI_SHIPPING_PRICE')) }, { region_id: region.id, amount: Number(env('URUMI_SHIPPING_PRICE')) }],
        rules: [{ attribute: 'enabled_in_store', value: 'true', operator: 'eq' }, { attribute: 'is_return', value: 'false', operator: 'eq' }],
      }],
    })
  })

  await step('publishable-key', async () => {
    const { data } = await query.graph({ entity: 'api_key', fields: ['id', 'revoked_at'], filters: { type: 'publishable', title: STOREFRONT_KEY_TITLE } })
    const existing = data.find((k: { revoked_at?: unknown }) => !k.revoked_at)
    const id = existing?.id
      ?? (await createApiKeysWorkflow(container).run({ input: { api_keys: [{ title: STOREFRONT_KEY_TITLE, type: 'publishable', created_by: '' }] } })).result[0].id
    await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id, add: [channel.id] } })
  })

  await step('test-product', async () => {
    const handle = env('URUMI_PRODUCT_HANDLE')
    if ((await products.listProducts({ handle })).length > 0) return
    const [profile] = await fulfillment.listShippingProfiles({ type: 'default' })
    await createProductsWorkflow(container).run({
      input: {
        products: [{
          title: env('URUMI_PRODUCT_TITLE'),
          handle,
          status: ProductStatus.PUBLISHED,
          shipping_profile_id: profile.id,
          options: [{ title: 'Default', values: ['Default'] }],
          variants: [{
            title: 'Default',
            sku: env('URUMI_PRODUCT_SKU'),
            manage_inventory: false,
            options: { Default: 'Default' },
            prices: [{ currency_code: currency, amount: Number(env('URUMI_PRODUCT_PRICE')) }],
          }],
          sales_channels: [{ id: channel.id }],
        }],
      },
    })
  })

  console.log('urumi-setup: admin user, region, stock location, shipping option, publishable key and test product are in place')
}
