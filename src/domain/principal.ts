/**
 * Who a write acts as, once its bearer token is checked: the administrator (PHD_ADMIN_TOKEN, or an
 * operator at the command line) or a write token. A token is bound to the facility whose records it
 * writes; a token without a facility writes only shared records (models, organizations, people,
 * publications) and changes only those it created (DESIGN §2).
 *
 * `admin` is the discriminant, so a check of `principal.admin` narrows to one kind.
 */
export type Principal = AdminPrincipal | TokenPrincipal;

/** The administrator: writes every record. */
export interface AdminPrincipal {
  /** Who acts, as recorded in `createdBy` (`admin` for PHD_ADMIN_TOKEN, `import` for the CLI importer). */
  readonly id: string;
  readonly admin: true;
  readonly facility: undefined;
}

/** A write token of the registry. */
export interface TokenPrincipal {
  /** The token id (`phd_{id}_…`), recorded as `createdBy` of what it writes. */
  readonly id: string;
  readonly admin: false;
  /** The IRI of the facility the token writes for; undefined for a token of shared records only. */
  readonly facility: string | undefined;
}

/**
 * The administrator principal.
 * @param id - who acts (`admin` for PHD_ADMIN_TOKEN).
 * @returns the principal.
 */
export function adminPrincipal(id: string): AdminPrincipal {
  return { id, admin: true, facility: undefined };
}

/**
 * The principal of a registry token.
 * @param id - the token id.
 * @param facility - the facility IRI it writes for, if any.
 * @returns the principal.
 */
export function tokenPrincipal(id: string, facility: string | undefined): TokenPrincipal {
  return { id, admin: false, facility };
}
