/**
 * Thread.bySender: each sender's conversation-writing messages. A single chat has two senders, so the first two
 * live in two slots and only a third makes a Map (a Map of two costs ~180 B, this ~64 B; issue #18).
 */
export class SenderLists<M> {
  #first = '';
  #firstList: M[] | undefined = undefined;
  #second = '';
  #secondList: M[] | undefined = undefined;
  #more: Map<string, M[]> | undefined = undefined;

  get(sender: string): M[] | undefined {
    if (this.#firstList !== undefined && sender === this.#first) return this.#firstList;
    if (this.#secondList !== undefined && sender === this.#second) return this.#secondList;
    return this.#more?.get(sender);
  }

  set(sender: string, list: M[]): this {
    if (this.#firstList === undefined || sender === this.#first) {
      this.#first = sender;
      this.#firstList = list;
    } else if (this.#secondList === undefined || sender === this.#second) {
      this.#second = sender;
      this.#secondList = list;
    } else (this.#more ??= new Map()).set(sender, list);
    return this;
  }

  /** [sender, list] pairs, first senders first. */
  *[Symbol.iterator](): IterableIterator<[string, M[]]> {
    if (this.#firstList !== undefined) yield [this.#first, this.#firstList];
    if (this.#secondList !== undefined) yield [this.#second, this.#secondList];
    if (this.#more) yield* this.#more;
  }
}
