// menu.js: the left menu, grouped by the work in the order of the policy (UI.md); each entry
// names the roles that may use it.

export const BUSINESS = ['city', 'drc', 'energy', 'eco_env', 'emergency', 'market', 'government', 'district', 'auditor'];

// The left menu, grouped by the work, in the order of the policy (UI.md).
export const MENU = [
  { group: 'menu.g.overview', items: [{ key: 'dashboard', path: '/dashboard', label: 'menu.dashboard', roles: BUSINESS, icon: '◧' }] },
  {
    group: 'menu.g.registry',
    items: [
      { key: 'enterprises', path: '/enterprises', label: 'menu.enterprises', roles: BUSINESS, icon: '▤' },
      { key: 'equipment', path: '/equipment', label: 'menu.equipment', roles: BUSINESS, icon: '⚙' },
      { key: 'energy', path: '/energy', label: 'menu.energy', roles: BUSINESS, icon: '⚡' },
    ],
  },
  {
    group: 'menu.g.monitor',
    items: [
      { key: 'dualcontrol', path: '/dual-control', label: 'menu.dualcontrol', roles: BUSINESS, icon: '◔' },
      { key: 'evaluations', path: '/evaluations', label: 'menu.evaluations', roles: BUSINESS, icon: '⚖' },
    ],
  },
  {
    group: 'menu.g.enforce',
    items: [
      { key: 'cases', path: '/cases', label: 'menu.cases', roles: BUSINESS, icon: '▣' },
      { key: 'plans', path: '/plans', label: 'menu.plans', roles: BUSINESS, icon: '☰' },
      { key: 'supervision', path: '/supervision', label: 'menu.supervision', roles: BUSINESS, icon: '⚑' },
    ],
  },
  { group: 'menu.g.publish', items: [{ key: 'disclosure', path: '/disclosure', label: 'menu.disclosure', roles: ['city', 'auditor', 'bank'], icon: '◉' }] },
  { group: 'menu.g.data', items: [{ key: 'imports', path: '/imports', label: 'menu.imports', roles: ['city', 'sysadmin'], icon: '⇪' }] },
  {
    group: 'menu.g.admin',
    items: [
      { key: 'users', path: '/admin/users', label: 'menu.users', roles: ['secadmin'], icon: '👤' },
      { key: 'roles', path: '/admin/roles', label: 'menu.roles', roles: ['secadmin', 'auditor', 'auditadmin', 'sysadmin'], icon: '⛉' },
      { key: 'audit', path: '/admin/audit', label: 'menu.audit', roles: ['auditadmin', 'auditor'], icon: '⎘' },
      { key: 'reference', path: '/admin/reference', label: 'menu.reference', roles: ['sysadmin', 'city', 'auditor'], icon: '⌸' },
    ],
  },
];

export function menuFor(roleList) {
  return MENU.flatMap((g) => g.items.filter((i) => i.roles.some((r) => roleList.includes(r))));
}
