import { z } from 'zod';

export const emailSchema = z.email('Enter a valid e-mail address').max(254).transform((e) => e.trim().toLowerCase());
export const passwordSchema = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(200, 'Use at most 200 characters');
export const nameSchema = z.string().trim().min(1).max(100);
export const tokenSchema = z.string().min(20).max(200);

export const signUpSchema = z.object({ email: emailSchema, password: passwordSchema, name: nameSchema.optional() });
export const signInSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) });
