/** The OCI image layout Target (also the local blob cache). */
export {
  IMAGE_LAYOUT_VERSION,
  LayoutTarget,
  type LayoutTargetOptions,
  type OpenLayoutOptions
} from './layout-target.js'
export { REF_NAME } from './index-json.js'
