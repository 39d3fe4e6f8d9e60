export const EVENT_TYPE_PREFIX = 'vn.motcua.';
