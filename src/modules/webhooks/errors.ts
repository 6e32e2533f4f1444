import { NotFoundError } from '../../errors.js';

export class EndpointNotFound extends NotFoundError {
  constructor(endpointId: string) {
    super('webhook_endpoint_not_found', `No webhook endpoint ${endpointId}.`);
  }
}

export class DeliveryNotFound extends NotFoundError {
  constructor(deliveryId: string) {
    super('webhook_delivery_not_found', `No webhook delivery ${deliveryId}.`);
  }
}
