// The rules of a new password, shared by invitations, password reset and « Mon compte ».
import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 12;

const newPasswordFields = {
  password: z
    .string({ error: "Choisissez un mot de passe." })
    .min(PASSWORD_MIN_LENGTH, `Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères.`)
    .max(200, "Le mot de passe doit contenir au plus 200 caractères."),
  passwordConfirmation: z.string({ error: "Confirmez le mot de passe." }).max(200),
};

const SAME_PASSWORDS = {
  check: (value: { password: string; passwordConfirmation: string }) => value.password === value.passwordConfirmation,
  params: { message: "Les deux mots de passe ne sont pas identiques.", path: ["passwordConfirmation"] },
};

/** A new password typed twice. */
export const newPasswordSchema = z.object(newPasswordFields).refine(SAME_PASSWORDS.check, SAME_PASSWORDS.params);

/** Changing one's password: the current one, then the new one twice. */
export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: "Saisissez votre mot de passe actuel." })
      .min(1, "Saisissez votre mot de passe actuel.")
      .max(1000),
    ...newPasswordFields,
  })
  .refine(SAME_PASSWORDS.check, SAME_PASSWORDS.params);
