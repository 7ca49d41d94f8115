// The CommonJS side of the types (.d.cts), as a TypeScript CommonJS module sees them under nodenext.
import { createRoamingMock, type RoamingMock } from 'roaming-mock';
import { startServer } from 'roaming-mock/server';
import { roamingMiddleware } from 'roaming-mock/express';
import { roamingHandlers } from 'roaming-mock/msw';
import { RoamingClient } from 'roaming-mock/client';
import { verifyProvider } from 'roaming-mock/contracts';
import demo = require('roaming-mock/fixtures/demo.json');

const mock: RoamingMock = createRoamingMock({ fixture: demo });
export const used = [startServer, roamingMiddleware(mock), roamingHandlers(mock, { baseUrl: 'http://im.test' }), RoamingClient, verifyProvider];
// @ts-expect-error the seed is a number
createRoamingMock({ seed: 'seven' });
