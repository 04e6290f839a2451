import { describe, expect, test } from 'vitest';
import { resources } from '../../model/resources.js';
import { ClientCapacityView, fitsSomeHost, lesserFree } from './client-capacity-view.js';

const capacities = [resources(4000, 8192), resources(2000, 4096)];

describe('ClientCapacityView', () => {
  test('a placed job holds its grant on its host until it is seen completed', () => {
    const view = new ClientCapacityView(capacities);
    view.submitted('j1', resources(1000, 1024));
    view.placed('j1', 0, resources(1000, 1024));
    expect(view.certainlyFree()).toEqual([resources(3000, 7168), resources(2000, 4096)]);
    view.completed('j1');
    expect(view.certainlyFree()).toEqual(capacities);
  });

  test('a submit not yet answered, or never (the client gave up), may hold its demand on every host', () => {
    const view = new ClientCapacityView(capacities);
    view.submitted('j1', resources(1500, 1024));
    expect(view.certainlyFree()).toEqual([resources(2500, 7168), resources(500, 3072)]);
    expect(view.certainlyFree('j1')).toEqual(capacities);
  });

  test('a rejected submit holds nothing, but the rejection of a duplicate leaves the placed job where it is', () => {
    const view = new ClientCapacityView(capacities);
    view.submitted('j1', resources(1500, 1024));
    view.rejected('j1');
    expect(view.certainlyFree()).toEqual(capacities);
    view.submitted('j2', resources(1000, 1024));
    view.placed('j2', 1, resources(1000, 1024));
    view.submitted('j2', resources(1000, 1024));
    view.rejected('j2');
    expect(view.certainlyFree()[1]).toEqual(resources(1000, 3072));
  });

  test('a move not yet answered holds the job on both hosts; its answer settles where', () => {
    const view = new ClientCapacityView(capacities);
    view.submitted('j1', resources(1000, 1024));
    view.placed('j1', 0, resources(1000, 1024));
    const added = view.moving('j1', 1);
    expect(added).toBe(true);
    expect(view.certainlyFree()).toEqual([resources(3000, 7168), resources(1000, 3072)]);
    view.moveRefused('j1', 1, added);
    expect(view.certainlyFree()).toEqual([resources(3000, 7168), resources(2000, 4096)]);
    view.moving('j1', 1);
    view.moved('j1', 1);
    expect(view.certainlyFree()).toEqual([resources(4000, 8192), resources(1000, 3072)]);
  });

  test('free capacity never goes below zero, and the least of two views is taken host by host', () => {
    const view = new ClientCapacityView(capacities);
    view.submitted('j1', resources(3000, 1024));
    expect(view.certainlyFree()[1]).toEqual(resources(0, 3072));
    expect(lesserFree([resources(10, 5), resources(1, 1)], [resources(5, 10), resources(2, 0)])).toEqual([resources(5, 5), resources(1, 0)]);
    expect(fitsSomeHost(resources(5, 5), [resources(4, 9), resources(5, 5)])).toBe(true);
    expect(fitsSomeHost(resources(5, 6), [resources(4, 9), resources(5, 5)])).toBe(false);
  });
});
