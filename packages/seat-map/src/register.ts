// The ready-made bundle's entry: loading it defines <booking-seat-map> on the page.
import { defineBookingSeatMap } from './index';

defineBookingSeatMap();
