import { readFileSync } from "node:fs";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import type { OpsSettings } from "../config/index.js";

export interface OutgoingMail {
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
}

/** Sends one mail or throws; `close` ends pooled connections. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

type SmtpSettings = OpsSettings["alerts"]["smtp"];

/**
 * nodemailer's SMTP options from settings: implicit TLS (`secure`, port 465) or a plain connection upgraded with
 * STARTTLS (`required` refuses a server that does not offer it, so a password never crosses in clear), AUTH when a
 * user is set, and an extra trusted CA for relays with their own certificate.
 */
export function smtpOptions(smtp: SmtpSettings): SMTPTransport.Options {
  if (!smtp.host) throw new Error("ops.alerts.smtp.host is not set");
  const options: SMTPTransport.Options = {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: !smtp.secure && smtp.starttls === "required",
    ignoreTLS: !smtp.secure && smtp.starttls === "off",
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs,
  };
  if (smtp.user !== undefined) options.auth = { user: smtp.user, pass: smtp.password ?? "" };
  if (smtp.caFile !== undefined) options.tls = { ca: readFileSync(smtp.caFile) };
  return options;
}

/** A mailer over SMTP as `smtp` describes. */
export function createSmtpMailer(smtp: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport(smtpOptions(smtp));
  return {
    async send(mail) {
      await transport.sendMail({ from: mail.from, to: [...mail.to], subject: mail.subject, text: mail.text });
    },
    close() {
      transport.close();
    },
  };
}
