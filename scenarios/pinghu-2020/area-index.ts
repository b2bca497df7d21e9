import type { NewAreaRow } from '../../src/server/modules/areas/areas.repo.ts';

export interface AreaRef {
  id: string;
  name: string;
  path: string;
  level: string;
  kind: string;
  parentId: string | null;
}

/** The demo's area rows by name and by parent, so generators find places without querying. */
export class AreaIndex {
  private readonly byName = new Map<string, AreaRef>();
  private readonly children = new Map<string, AreaRef[]>();
  readonly all: AreaRef[];

  constructor(rows: NewAreaRow[]) {
    this.all = rows.map((r) => ({
      id: r.id as string,
      name: r.name,
      path: r.path,
      level: r.level,
      kind: r.kind,
      parentId: r.parentId ?? null,
    }));
    for (const area of this.all) {
      this.byName.set(area.name, area);
      if (area.parentId) {
        const list = this.children.get(area.parentId) ?? [];
        list.push(area);
        this.children.set(area.parentId, list);
      }
    }
  }

  get(name: string): AreaRef {
    const area = this.byName.get(name);
    if (!area) throw new Error(`demo area ${name} missing`);
    return area;
  }

  childrenOf(area: AreaRef, level?: string, kind?: string): AreaRef[] {
    return (this.children.get(area.id) ?? []).filter(
      (a) => (level === undefined || a.level === level) && (kind === undefined || a.kind === kind),
    );
  }

  /** Every grid under a town or community. */
  gridsUnder(area: AreaRef): AreaRef[] {
    return this.all.filter((a) => a.level === 'grid' && a.path.startsWith(`${area.path}.`));
  }

  ofLevel(level: string): AreaRef[] {
    return this.all.filter((a) => a.level === level);
  }
}
