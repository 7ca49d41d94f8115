import { websdk } from '../test/support/websdk.ts';
console.log(Object.keys(websdk));
const l = (websdk as any).logger; console.log(l && Object.keys(l), l && Object.getOwnPropertyNames(Object.getPrototypeOf(l)));
