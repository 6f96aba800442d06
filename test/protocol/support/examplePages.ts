// The pages of the example handbook that the protocol tests work on; examples/handbook/README.md
// lists what each holds, line by line.
export const SEED_000 = 'content/job-families/engineering/development/management/senior-distinguished.md';
export const SEED_002 = 'content/handbook/engineering/careers/_index.md';
export const SEED_003 = 'content/handbook/engineering/careers/matrix/infrastructure/core-platform/distribution/senior.md';
export const MANAGEMENT = 'content/job-families/engineering/development/management';
export const DISTINGUISHED = `${MANAGEMENT}/distinguished.md`;
export const STAFF = `${MANAGEMENT}/staff.md`;
export const FULLSTACK = 'content/job-families/engineering/development/fullstack.md';
export const FAQ = 'content/handbook/engineering/careers/faq.md';
export const DEVELOPMENT_MATRIX = 'content/handbook/engineering/careers/matrix/development/_index.md';
export const DEVELOPMENT_SENIOR = 'content/handbook/engineering/careers/matrix/development/senior.md';
export const DEVELOPMENT_STAFF = 'content/handbook/engineering/careers/matrix/development/staff.md';
