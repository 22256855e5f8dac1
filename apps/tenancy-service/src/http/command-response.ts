import type { CompanyCommandResult } from '../commands/company-command.handler';

export interface ResponseOptions {
  /** The Location header of a created resource. */
  location?: string;
}

/**
 * What a route answers after a command: the result, and how to render the body once the read
 * models include the command. CommandResponseInterceptor does the waiting and the ETag.
 */
export class CommandResponse {
  constructor(
    readonly result: Pick<CompanyCommandResult, 'revision' | 'position'>,
    readonly render: () => object | undefined | Promise<object | undefined>,
    readonly options: ResponseOptions = {},
  ) {}

  /** Never sent as it is: a route that returns one without HTTP's interceptors answers 500, not a wrong body. */
  toJSON(): never {
    throw new Error(UNANSWERED);
  }
}

const UNANSWERED = 'A route returned respond(…), noContent(…) or versioned(…) without HTTP\'s interceptors (a GET needs @VersionedRead(): http-interceptors.ts)';

export const respond = (
  result: Pick<CompanyCommandResult, 'revision' | 'position'>, render: CommandResponse['render'], options?: ResponseOptions,
) => new CommandResponse(result, render, options);

/** A command whose response has no body (204): only the ETag. */
export const noContent = (result: Pick<CompanyCommandResult, 'revision' | 'position'>) => new CommandResponse(result, () => undefined);

/** A read of one aggregate's view: the interceptor sends its revision as the ETag. */
export class Versioned {
  constructor(readonly revision: bigint | number, readonly body: object) {}

  /** As CommandResponse's. */
  toJSON(): never {
    throw new Error(UNANSWERED);
  }
}

export const versioned = (revision: bigint | number, body: object) => new Versioned(revision, body);

/**
 * A resource as a read answers it: with the company's revision (the ETag), as the answer of a
 * command on it carries it (the interceptor adds it there), so a client has one shape of it and
 * the number for the If-Match of the next change.
 */
export const withRevision = <T extends object>(resource: T, revision: bigint | number) => ({ ...resource, revision: Number(revision) });

/** A read of one resource of a company: its revision as the ETag and in the body (withRevision). */
export const versionedResource = (revision: bigint | number, resource: object) => versioned(revision, withRevision(resource, revision));

/** A read of a page of a company's resources: its revision as the ETag and in every item (withRevision). */
export const versionedPage = <T extends { items: object[] }>(revision: bigint | number, page: T) =>
  versioned(revision, { ...page, items: page.items.map((item) => withRevision(item, revision)) });
