/** The package version, shown by health and the OpenAPI description. */
export const VERSION = '0.1.0';
