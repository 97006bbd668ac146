// menu.js: the left menu, grouped by the work in the order of the policy (UI.md); each entry
// names the roles that may use it.

// Roles per entry, as core/authz.c grants the permission behind it (the session's permissions
// decide when the server sends them; these lists are the fallback and the 角色说明 page).
export const BUSINESS = ['city', 'drc', 'energy', 'eco_env', 'emergency', 'market', 'government', 'district', 'auditor', 'sysadmin'];
const CREDIT = ['city', 'drc', 'energy', 'eco_env', 'emergency', 'market', 'auditor', 'bank', 'natres', 'finance', 'tax'];
// the departments that apply joint punishment (data/joint_measures.csv), and the city bureau
const JOINT = ['city', 'drc', 'emergency', 'market', 'natres', 'finance', 'tax'];

// The left menu, grouped by the work, in the order of the policy (UI.md).
export const MENU = [
  { group: 'menu.g.overview', items: [{ key: 'dashboard', perm: 'read_registry', path: '/dashboard', label: 'menu.dashboard', roles: BUSINESS, icon: '◧' }] },
  {
    group: 'menu.g.registry',
    items: [
      { key: 'enterprises', perm: 'read_registry', path: '/enterprises', label: 'menu.enterprises', roles: BUSINESS, icon: '▤' },
      { key: 'equipment', perm: 'read_registry', path: '/equipment', label: 'menu.equipment', roles: BUSINESS, icon: '⚙' },
      { key: 'energy', perm: 'read_registry', path: '/energy', label: 'menu.energy', roles: BUSINESS, icon: '⚡' },
    ],
  },
  {
    group: 'menu.g.monitor',
    items: [
      { key: 'dualcontrol', perm: 'read_registry', path: '/dual-control', label: 'menu.dualcontrol', roles: BUSINESS, icon: '◔' },
      { key: 'evaluations', perm: 'read_registry', path: '/evaluations', label: 'menu.evaluations', roles: BUSINESS, icon: '⚖' },
      { key: 'datagaps', perm: 'read_registry', path: '/data-gaps', label: 'menu.datagaps', roles: BUSINESS, icon: '⚠' },
    ],
  },
  {
    group: 'menu.g.enforce',
    items: [
      { key: 'cases', perm: 'read_registry', path: '/cases', label: 'menu.cases', roles: BUSINESS, icon: '▣' },
      { key: 'notifications', perm: 'read_registry', path: '/notifications', label: 'menu.notifications', roles: BUSINESS, icon: '◷' },
      { key: 'plans', perm: 'read_registry', path: '/plans', label: 'menu.plans', roles: BUSINESS, icon: '☰' },
      { key: 'resettlement', perm: 'read_registry', path: '/resettlement', label: 'menu.resettlement', roles: BUSINESS, icon: '☺' },
      { key: 'supervision', perm: 'read_registry', path: '/supervision', label: 'menu.supervision', roles: BUSINESS, icon: '⚑' },
      { key: 'surcharges', perm: 'read_registry', path: '/surcharges', label: 'menu.surcharges', roles: BUSINESS, icon: '◈' },
      { key: 'reports', perm: 'handle_reports', path: '/reports', label: 'menu.reports', roles: ['city', 'district'], icon: '✉' },
    ],
  },
  {
    group: 'menu.g.publish',
    items: [
      { key: 'disclosure', perm: 'read_credit', path: '/disclosure', label: 'menu.disclosure', roles: CREDIT, icon: '◉' },
      { key: 'credit', perm: 'read_registry', path: '/credit', label: 'menu.credit', roles: BUSINESS, icon: '⚐' },
      { key: 'joint', perm: 'joint', path: '/joint', label: 'menu.joint', roles: JOINT, icon: '⛓' },
      { key: 'banklists', perm: 'read_credit', path: '/bank-lists', label: 'menu.banklists', roles: CREDIT, icon: '¥' },
    ],
  },
  { group: 'menu.g.data', items: [{ key: 'imports', perm: 'import', path: '/imports', label: 'menu.imports', roles: ['city', 'district', 'sysadmin'], icon: '⇪' }] },
  {
    group: 'menu.g.admin',
    items: [
      { key: 'users', perm: 'manage_users', path: '/admin/users', label: 'menu.users', roles: ['secadmin'], icon: '◐' },
      { key: 'roles', perm: 'manage_users|read_audit', path: '/admin/roles', label: 'menu.roles', roles: ['secadmin', 'auditor', 'auditadmin'], icon: '◇' },
      { key: 'audit', perm: 'read_audit', path: '/admin/audit', label: 'menu.audit', roles: ['auditadmin', 'auditor'], icon: '▥' },
      { key: 'reference', perm: 'manage_ref|read_registry', path: '/admin/reference', label: 'menu.reference', roles: BUSINESS, icon: '⌸' },
    ],
  },
];

// May this user open the entry? By the server's permissions when the session carries them
// (GET /api/v1/session: user.permissions), else by role.
export function allows(item, user) {
  if (user && Array.isArray(user.permissions)) return item.perm.split('|').some((p) => user.permissions.includes(p));
  return item.roles.some((r) => ((user && user.roles) || []).includes(r));
}
export function menuFor(roleList) {
  return MENU.flatMap((g) => g.items.filter((i) => i.roles.some((r) => roleList.includes(r))));
}
