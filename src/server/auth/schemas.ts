import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@/lib/password-strength';

export const emailSchema = z.email('Enter a valid e-mail address').max(254).transform((e) => e.trim().toLowerCase());
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters`);
export const nameSchema = z.string().trim().min(1).max(100);
export const tokenSchema = z.string().min(20).max(200);

export const signUpSchema = z.object({ email: emailSchema, password: passwordSchema, name: nameSchema.optional() });
export const signInSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) });
